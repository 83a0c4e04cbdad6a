package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StartRunHandlerTest {

    private final FakeDomainRegistry registry = new FakeDomainRegistry();
    private final StartRunHandler handler = new StartRunHandler(registry);

    @Test
    void scheduledInput_startsAnIncrementalRun() {
        JsonNode out = invoke(handler, """
                {"executionId": "arn:aws:states:us-east-1:1:execution:SyncDomains:a",
                 "startTime": "2026-11-28T06:00:00.000Z", "input": {}}""");

        assertThat(out.get("runId").asLong()).isEqualTo(7);
        assertThat(out.get("mode").asText()).isEqualTo("INCREMENTAL");
        assertThat(out.get("startTime").asText()).isEqualTo("2026-11-28T06:00:00Z");
        assertThat(registry.started).hasSize(1);
    }

    @Test
    void backfillDryRunForceInput_isPassedOn() {
        JsonNode out = invoke(handler, """
                {"executionId": "e", "startTime": "2026-11-28T06:00:00Z",
                 "input": {"mode": "backfill", "dryRun": true, "force": true, "Comment": "after the incident"}}""");

        assertThat(out.get("mode").asText()).isEqualTo("BACKFILL");
        assertThat(out.get("dryRun").asBoolean()).isTrue();
        assertThat(out.get("force").asBoolean()).isTrue();
        assertThat(registry.started.get(0).comment()).isEqualTo("after the incident");
    }

    @Test
    void sinceInput_withOffset_isNormalisedToUtc() {
        invoke(handler, """
                {"executionId": "e", "startTime": "2026-11-28T06:00:00Z", "input": {"since": "2026-11-01T02:00:00+02:00"}}""");

        assertThat(registry.started.get(0).since()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"sincee\": \"2026-01-01T00:00:00Z\"}  | unknown field 'sincee'",
            "{\"since\": \"yesterday\"}              | 'since' is not an ISO-8601 timestamp",
            "{\"since\": 20260101}                   | 'since' must be an ISO-8601 timestamp string",
            "{\"mode\": \"full\"}                    | 'mode' may only be \"backfill\"",
            "{\"dryRun\": \"yes\"}                   | 'dryRun' must be true or false",
            "{\"force\": 1}                          | 'force' must be true or false",
            "[1, 2]                                  | must be a JSON object",
            "{\"since\": \"2026-01-01T00:00:00Z\", \"mode\": \"backfill\"} | either 'since' or 'mode'",
    })
    void malformedExecutionInput_failsNamingTheField(String input, String message) {
        String request = "{\"executionId\": \"e\", \"startTime\": \"2026-11-28T06:00:00Z\", \"input\": " + input + "}";

        assertThatThrownBy(() -> invoke(handler, request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
        assertThat(registry.started).isEmpty();
    }

    @Test
    void missingExecutionId_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"startTime\": \"2026-11-28T06:00:00Z\", \"input\": {}}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("executionId");
    }

    @Test
    void malformedStartTime_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"executionId\": \"e\", \"startTime\": \"noon\", \"input\": {}}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("startTime");
    }

    @Test
    void notJson_failsClearly() {
        assertThatThrownBy(() -> invoke(handler, "{executionId"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid JSON");
    }
}
