package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import org.junit.jupiter.api.Test;

class FailRunHandlerTest {

    private final FakeDomainRegistry registry = new FakeDomainRegistry();
    private final FailRunHandler handler = new FailRunHandler(registry);

    @Test
    void failure_isRecordedAndEchoedForTheFailState() {
        JsonNode out = invoke(handler, """
                {"runId": 7, "executionId": "e", "startTime": "2026-11-28T06:00:00Z",
                 "error": "dev.domainsync.registry.PruneGuardException", "cause": "too many"}""");

        assertThat(out.get("error").asText()).isEqualTo("dev.domainsync.registry.PruneGuardException");
        assertThat(registry.failed).hasSize(1);
    }

    @Test
    void failureBeforeARunExists_hasNoRunId() {
        JsonNode out = invoke(handler, """
                {"executionId": "e", "startTime": "2026-11-28T06:00:00Z",
                 "error": "dev.domainsync.registry.RunInProgressException", "cause": "held"}""");

        assertThat(out.has("runId")).isFalse();
        assertThat(registry.failed.get(0).runId()).isNull();
    }

    @Test
    void missingError_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"executionId\": \"e\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("error");
    }
}
