package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.ECHO;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    void taskExecution_recordsStepFunctionsEventChain() {
        ExecutionResult result = Fixtures.executor("task.asl.json", Map.of(ECHO, Fixtures.JsonFunction.echo()))
                .run("chain", "{\"name\": \"ada\"}", START);

        assertThat(result.history()).extracting(event -> event.type().name()).containsExactly(
                "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(result.history()).extracting(HistoryEvent::id)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(result.history()).extracting(HistoryEvent::previousEventId)
                .containsExactly(0L, 0L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void everyHistory_hasSequentialIdsEarlierPreviousIdsAndOrderedTimestamps() {
        ExecutionResult result = Fixtures.executor("retry.asl.json", Map.of(Fixtures.FLAKY,
                new Fixtures.FlakyFunction(100))).run("wellFormed", "{}", START);

        List<HistoryEvent> events = result.history();
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            assertThat(event.id()).isEqualTo(i + 1L);
            assertThat(event.previousEventId()).isLessThan(event.id()).isGreaterThanOrEqualTo(0);
            if (i > 0) {
                assertThat(event.timestamp()).isAfterOrEqualTo(events.get(i - 1).timestamp());
            }
            assertThat(event.details().isPresent()).isEqualTo(event.type().detailsField().isPresent());
        }
    }

    @Test
    void writeHistoryJson_writesEventsAsTheCliPrintsThem(@TempDir Path dir) throws Exception {
        ExecutionResult result = Fixtures.executor("task.asl.json", Map.of(ECHO, Fixtures.JsonFunction.echo()))
                .run("json", "{\"name\": \"ada\"}", START);
        Path file = dir.resolve("history.json");

        result.writeHistoryJson(file);

        JsonNode events = json(Files.readString(file)).get("events");
        assertThat(events).hasSize(11);
        assertThat(events.get(0)).isEqualTo(json("{\"timestamp\":\"2024-05-01T10:00:00+00:00\","
                + "\"type\":\"ExecutionStarted\",\"id\":1,\"previousEventId\":0,\"executionStartedEventDetails\":"
                + "{\"input\":\"{\\\"name\\\":\\\"ada\\\"}\",\"inputDetails\":{\"truncated\":false},"
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/TestMachine-role\"}}"));
        assertThat(events.get(4).get("lambdaFunctionScheduledEventDetails").get("resource").asText()).isEqualTo(ECHO);
        assertThat(events.get(4).get("lambdaFunctionScheduledEventDetails").has("timeoutInSeconds")).isFalse();
        assertThat(events.get(5).fieldNames()).toIterable()
                .containsExactly("timestamp", "type", "id", "previousEventId");
        assertThat(events.get(7).get("stateExitedEventDetails").get("assignedVariables").get("greeting").asText())
                .isEqualTo("\"changed\"");
    }

    @Test
    void cliTimestamp_showsMicrosecondsOnlyWhenTheTimeHasAFraction() {
        assertThat(HistoryEvent.cliTimestamp(Instant.parse("2024-05-01T10:00:00Z")))
                .isEqualTo("2024-05-01T10:00:00+00:00");
        assertThat(HistoryEvent.cliTimestamp(Instant.parse("2024-05-01T10:00:00.25Z")))
                .isEqualTo("2024-05-01T10:00:00.250000+00:00");
    }

    @Test
    void listener_receivesEveryEventAsItIsRecorded() {
        List<HistoryEvent> seen = new ArrayList<>();
        ExecutionResult result = Fixtures.executor("flow.asl.json", Map.of(),
                        ExecutorOptions.defaults("TestMachine").withListener(seen::add))
                .run("listened", "{\"value\": 1, \"limit\": 2}", START);

        assertThat(seen).isEqualTo(result.history());
    }
}
