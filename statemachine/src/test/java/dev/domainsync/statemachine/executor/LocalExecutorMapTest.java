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
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    @DisplayName("MaxConcurrency 1: each later MapIterationStarted follows the previous iteration's last event "
            + "(as AWS links them; issue 9, from AWS-recorded histories)")
    void oneAtATime_chainsEachIterationToThePreviousOne() {
        String definition = Fixtures.text("map.asl.json").replace("\"MaxConcurrency\": 2", "\"MaxConcurrency\": 1");
        ExecutionResult result = new LocalExecutor(StateMachineDefinition.load(definition, Fixtures.SUBSTITUTIONS),
                Map.of(DESCRIBE, new Fixtures.JsonFunction(i -> i)), new VirtualClock(START),
                ExecutorOptions.defaults("TestMachine")).run("chained", "{\"ids\": [1, 2, 3], \"source\": \"s\"}", START);

        List<HistoryEvent> events = result.history();
        assertThat(find(events, HistoryEventType.MapIterationStarted, 0).previousEventId())
                .isEqualTo(find(events, HistoryEventType.MapStateStarted, 0).id());
        assertThat(find(events, HistoryEventType.MapIterationStarted, 1).previousEventId())
                .isEqualTo(find(events, HistoryEventType.MapIterationSucceeded, 0).id());
    }

    @Test
    @DisplayName("A failing item fails the Map: MapStateFailed appears once, after the last attempt, following the "
            + "last event inside the Map (issue 9)")
    void failingItem_recordsMapStateFailedOnceAfterTheRetryThenIsCaught() {
        ExecutionResult result = Fixtures.executor("map-failure.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()))
                .run("failures", "{\"items\": [{\"throw\": \"none\", \"id\": 1}, {\"throw\": \"permanent\", \"id\": 2}]}",
                        START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result).get("strictError").asText())
                .isEqualTo("dev.domainsync.statemachine.executor.PermanentDependencyException");
        assertThat(result.retries()).hasSize(1);
        assertThat(types(result).stream().filter("MapStateStarted"::equals)).hasSize(2);
        assertThat(types(result).stream().filter("MapStateFailed"::equals)).hasSize(1);
        List<HistoryEvent> events = result.history();
        HistoryEvent failed = find(events, HistoryEventType.MapStateFailed, 0);
        HistoryEvent lastInside = events.get((int) failed.id() - 2);
        assertThat(lastInside.type()).isEqualTo(HistoryEventType.MapIterationFailed);
        assertThat(failed.previousEventId()).isEqualTo(lastInside.id());
        assertThat(types(result)).endsWith("MapIterationFailed", "MapStateFailed", "MapStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    static Stream<Arguments> notArrays() {
        return Stream.of(
                Arguments.of("{\"notArray\": {\"a\": 1}}", "'object' for value: {\"a\":1}"),
                Arguments.of("{\"notArray\": \"abc\"}", "'string' for value: \"abc\""),
                Arguments.of("{\"notArray\": 7}", "'number' for value: 7"),
                Arguments.of("{\"notArray\": true}", "'boolean' for value: true"),
                Arguments.of("{\"notArray\": null}", "'null' for value: null"));
    }

    @ParameterizedTest(name = "input {0}")
    @MethodSource("notArrays")
    @DisplayName("Items not an array: EvaluationFailed, MapStateFailed, ExecutionFailed with AWS's Cause (issue 9; "
            + "the text LocalStack's Map state reproduces from AWS)")
    void itemsNotAnArray_failsTheMapWithTheTypeAndValue(String input, String tail) {
        String expression = "$states.input.notArray";
        ExecutionResult result = runItems("\"{% " + expression + " %}\"", input);

        assertThat(types(result)).endsWith("MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed");
        assertThat(result.error()).contains(ErrorNames.QUERY_EVALUATION_ERROR);
        assertThat(result.cause()).contains("The JSONata expression '" + expression + "' specified for the field "
                + "'Items' returned an unexpected result type. Expected 'array', but was " + tail);
        assertThat(evaluationFailed(result).location()).isEqualTo("Items");
    }

    @Test
    void itemsAFunction_failsWithAnUnsupportedResultType() {
        ExecutionResult result = runItems("\"{% function($x) { $x } %}\"", "{}");

        assertThat(result.cause()).contains("The JSONata expression 'function($x) { $x }' for the field 'Items' "
                + "returned an unsupported result type.");
    }

    @Test
    void noItemsAndAnInputThatIsNotAnArray_failsWithoutALocation() {
        String definition = ITEMS_MAP.replace("\"Items\": ITEMS,", "");
        ExecutionResult result = new LocalExecutor(StateMachineDefinition.load(definition, Map.of()), Map.of(),
                new VirtualClock(START), ExecutorOptions.defaults("TestMachine")).run("noitems", "{\"a\": 1}", START);

        assertThat(types(result)).endsWith("EvaluationFailed", "MapStateFailed", "ExecutionFailed");
        assertThat(result.cause()).contains("Map state input must be an array but was: {\"a\":1}");
        assertThat(evaluationFailed(result).location()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ToleratedFailureCount\": 1", "ToleratedFailurePercentage\": 50"})
    @DisplayName("An inline Map rejects the Distributed Map's ToleratedFailureCount/Percentage at load (issue 9)")
    void toleratedFailuresInAnInlineMap_areRejectedAtLoad(String field) {
        String definition = ITEMS_MAP.replace("\"Items\": ITEMS,", "\"Items\": [1], \"" + field + ",");

        assertThatThrownBy(() -> StateMachineDefinition.load(definition, Map.of()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("state 'Each': field '" + field.substring(0, field.indexOf('"'))
                        + "' belongs to a Distributed Map");
    }

    private static final String ITEMS_MAP = """
            {"QueryLanguage": "JSONata", "StartAt": "Each",
             "States": {
               "Each": {"Type": "Map", "Items": ITEMS, "End": true,
                 "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}}}}
            """;

    private static ExecutionResult runItems(String items, String input) {
        String definition = ITEMS_MAP.replace("ITEMS", items);
        return new LocalExecutor(StateMachineDefinition.load(definition, Map.of()), Map.of(), new VirtualClock(START),
                ExecutorOptions.defaults("TestMachine")).run("items", input, START);
    }

    private static EventDetails.EvaluationFailed evaluationFailed(ExecutionResult result) {
        return (EventDetails.EvaluationFailed) find(result.history(), HistoryEventType.EvaluationFailed, 0)
                .details().orElseThrow();
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
