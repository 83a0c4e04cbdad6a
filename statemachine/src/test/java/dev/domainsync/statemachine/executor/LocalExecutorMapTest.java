package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.DESCRIBE;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.THROWING;
import static dev.domainsync.statemachine.executor.Fixtures.json;
import static dev.domainsync.statemachine.executor.Fixtures.output;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalExecutorMapTest {

    @Test
    void partitionedItems_runOneIterationPerBatchAndKeepResultsInOrder() {
        Fixtures.JsonFunction describe = new Fixtures.JsonFunction(input -> input);
        ExecutionResult result = Fixtures.executor("map.asl.json", Map.of(DESCRIBE, describe))
                .run("batches", "{\"ids\": [1, 2, 3, 4, 5], \"source\": \"listing\"}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(describe.inputs).containsExactly(
                "{\"names\":[\"stack-1\",\"stack-2\"],\"position\":0}",
                "{\"names\":[\"stack-3\",\"stack-4\"],\"position\":1}",
                "{\"names\":[\"stack-5\"],\"position\":2}");
        assertThat(output(result)).isEqualTo(json("{\"batches\":3,\"innerVisible\":false,\"results\":["
                + "{\"position\":0,\"names\":[\"stack-1\",\"stack-2\"]},"
                + "{\"position\":1,\"names\":[\"stack-3\",\"stack-4\"]},"
                + "{\"position\":2,\"names\":[\"stack-5\"]}]}"));
        HistoryEvent started = result.history().stream()
                .filter(event -> event.type() == HistoryEventType.MapStateStarted).findFirst().orElseThrow();
        assertThat(started.details()).contains(new EventDetails.MapStateStarted(3));
    }

    @Test
    void mapHistory_linksIterationsLikeStepFunctions() {
        ExecutionResult result = Fixtures.executor("map.asl.json", Map.of(DESCRIBE, new Fixtures.JsonFunction(i -> i)))
                .run("links", "{\"ids\": [1, 2, 3], \"source\": \"s\"}", START);

        List<HistoryEvent> events = result.history();
        HistoryEvent mapStarted = find(events, HistoryEventType.MapStateStarted, 0);
        HistoryEvent firstIteration = find(events, HistoryEventType.MapIterationStarted, 0);
        HistoryEvent secondIteration = find(events, HistoryEventType.MapIterationStarted, 1);
        HistoryEvent lastSucceeded = find(events, HistoryEventType.MapIterationSucceeded, 1);
        assertThat(firstIteration.previousEventId()).isEqualTo(mapStarted.id());
        assertThat(secondIteration.previousEventId()).isEqualTo(mapStarted.id());
        assertThat(secondIteration.details()).contains(new EventDetails.MapIteration("Batches", 1));
        assertThat(find(events, HistoryEventType.MapStateSucceeded, 0).previousEventId()).isEqualTo(lastSucceeded.id());
        assertThat(find(events, HistoryEventType.MapStateExited, 0).previousEventId()).isEqualTo(lastSucceeded.id());
    }

    @Test
    void failingItems_toleratedWithinCountThenCaughtWhenNotTolerated() {
        ExecutionResult result = Fixtures.executor("map-failure.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()))
                .run("failures", "{\"items\": [{\"throw\": \"none\", \"id\": 1}, {\"throw\": \"permanent\", \"id\": 2},"
                        + " {\"throw\": \"none\", \"id\": 3}]}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result).get("strictError").asText())
                .isEqualTo("dev.domainsync.statemachine.executor.PermanentDependencyException");
        assertThat(output(result).get("tolerated").get(0)).isEqualTo(json("{\"throw\":\"none\",\"id\":1}"));
        assertThat(output(result).get("tolerated").get(1).get("Error").asText())
                .isEqualTo("dev.domainsync.statemachine.executor.PermanentDependencyException");
        assertThat(types(result)).containsSubsequence("MapIterationFailed", "MapIterationStarted",
                "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited");
        assertThat(types(result)).containsSubsequence("MapIterationFailed", "MapStateFailed", "MapStateExited",
                "PassStateEntered");
    }

    @Test
    void toleranceExceeded_failsWithExceedToleratedFailureThreshold() {
        ExecutionResult result = Fixtures.executor("map-failure.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()))
                .run("exceeded", "{\"items\": [{\"throw\": \"permanent\"}, {\"throw\": \"permanent\"}]}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD);
    }

    @Test
    void innerStateAssigningOuterVariable_isRejectedAtLoad() {
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Outer",
                 "States": {
                   "Outer": {"Type": "Pass", "Assign": {"total": 0}, "Next": "Each"},
                   "Each": {"Type": "Map", "Items": [1, 2], "End": true,
                     "ItemProcessor": {"StartAt": "Inner", "States": {
                       "Inner": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}}}}
                """;
        assertThatThrownBy(() -> StateMachineDefinition.load(definition, Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("variable 'total' is assigned in an outer scope");
    }

    private static HistoryEvent find(List<HistoryEvent> events, HistoryEventType type, int occurrence) {
        return events.stream().filter(event -> event.type() == type).skip(occurrence).findFirst().orElseThrow();
    }
}
