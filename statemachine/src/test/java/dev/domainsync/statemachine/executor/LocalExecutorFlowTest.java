package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.ECHO;
import static dev.domainsync.statemachine.executor.Fixtures.json;
import static dev.domainsync.statemachine.executor.Fixtures.output;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalExecutorFlowTest {

    @Test
    void valueUnderLimit_choiceTakesDefaultAndSucceedsWithVariables() {
        ExecutionResult result = Fixtures.executor("flow.asl.json", Map.of())
                .run("small", "{\"value\": 3, \"limit\": 10}", Fixtures.START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result)).isEqualTo(json("{\"value\":3,\"verdict\":\"small\",\"label\":\"prepared\"}"));
        assertThat(types(result)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered", "SucceedStateExited",
                "ExecutionSucceeded");
    }

    @Test
    void variableAssignedNull_readsAsNullInConditionsAndPayloads() {
        ExecutionResult result = Fixtures.executor("null-variable.asl.json", Map.of())
                .run("nulls", "{\"maybe\": null}", Fixtures.START);

        assertThat(result.succeeded()).isTrue();
        assertThat(json(result.output().orElseThrow())).isEqualTo(json("{\"token\": null, \"maybe\": null}"));
    }

    @Test
    void valueOverLimit_failStateFailsExecutionWithEvaluatedCause() {
        ExecutionResult result = Fixtures.executor("flow.asl.json", Map.of())
                .run("big", "{\"value\": 30, \"limit\": 10}", Fixtures.START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains("ValueTooBig");
        assertThat(result.cause()).contains("value 30 is over 10");
        assertThat(types(result)).endsWith("FailStateEntered", "ExecutionFailed");
        HistoryEvent failed = result.history().get(result.history().size() - 1);
        assertThat(failed.previousEventId()).isEqualTo(failed.id() - 1);
    }

    @Test
    void choiceLoopingBack_revisitsEarlierStateUntilConditionHolds() {
        ExecutionResult result = Fixtures.executor("loop.asl.json", Map.of())
                .run("laps", "{\"times\": 5}", Fixtures.START);

        assertThat(output(result)).isEqualTo(json("{\"laps\":5}"));
        assertThat(types(result).stream().filter("ChoiceStateEntered"::equals)).hasSize(5);
    }

    @Test
    void taskFields_argumentsReachHandlerAndOutputAndAssignSeeResult() {
        Fixtures.JsonFunction echo = Fixtures.JsonFunction.echo();
        ExecutionResult result = Fixtures.executor("task.asl.json", Map.of(ECHO, echo))
                .run("greet-1", "{\"name\": \"ada\"}", Fixtures.START);

        assertThat(echo.inputs).containsExactly("{\"who\":\"ada\",\"greeting\":\"hello\",\"execution\":\"greet-1\","
                + "\"state\":\"Call\",\"nested\":[\"ada\",1,{\"deep\":\"HELLO\"}]}");
        assertThat(echo.contexts.get(0).getFunctionName()).isEqualTo("EchoFunction");
        assertThat(echo.contexts.get(0).getInvokedFunctionArn()).isEqualTo(ECHO);
        assertThat(echo.contexts.get(0).getAwsRequestId()).hasSize(36);
        assertThat(output(result)).isEqualTo(json("{\"echoed\":\"ada\",\"greeting\":\"changed\",\"old\":\"hello\"}"));
        JsonNode callOutput = json(exitedOutput(result, "Call"));
        assertThat(callOutput.get("greetingSeenByOutput").asText()).isEqualTo("hello");
        assertThat(callOutput.get("startTime").asText()).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(callOutput.get("executionId").asText())
                .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:TestMachine:greet-1");
        assertThat(callOutput.get("stateMachine").asText()).isEqualTo("TestMachine");
    }

    @Test
    void stateAssigning_exitedEventListsAssignedVariablesAsJsonTexts() {
        ExecutionResult result = Fixtures.executor("task.asl.json", Map.of(ECHO, Fixtures.JsonFunction.echo()))
                .run("greet-2", "{\"name\": \"bob\"}", Fixtures.START);

        HistoryEvent exited = result.history().stream()
                .filter(event -> event.type() == HistoryEventType.TaskStateExited).findFirst().orElseThrow();
        EventDetails.StateExited details = (EventDetails.StateExited) exited.details().orElseThrow();
        assertThat(details.assignedVariables()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "echoed", "\"bob\"", "oldGreeting", "\"hello\"", "greeting", "\"changed\""));
    }

    @Test
    void undefinedJsonataResult_raisesQueryEvaluationErrorThatCatchHandles() {
        ExecutionResult result = Fixtures.executor("query-error.asl.json", Map.of(ECHO, Fixtures.JsonFunction.echo()))
                .run("undefined", "{}", Fixtures.START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result).get("Error").asText()).isEqualTo("States.QueryEvaluationError");
        assertThat(output(result).get("Cause").asText()).isEqualTo("An error occurred while executing the state "
                + "'Call' (entered at the event id #2). The JSONata expression '$states.input.notThere' specified "
                + "for the field 'Arguments/missing' returned nothing (undefined).");
        assertThat(types(result)).containsSubsequence("TaskStateEntered", "EvaluationFailed", "TaskStateExited",
                "PassStateEntered");
        assertThat(types(result)).doesNotContain("LambdaFunctionScheduled");
    }

    @Test
    void stepFunctionsJsonataFunctions_behaveAsDocumented() {
        ExecutionResult result = Fixtures.executor("functions.asl.json", Map.of())
                .run("functions", "{\"items\": [{\"id\": 1}, {\"id\": 2}]}", Fixtures.START);

        JsonNode output = output(result);
        assertThat(output.get("partition")).isEqualTo(json("[[1,2],[3,4],[5]]"));
        assertThat(output.get("range")).isEqualTo(json("[0,5,10]"));
        assertThat(output.get("rangeOfOne")).as("a single result is the value, not a one-element array")
                .isEqualTo(json("5"));
        assertThat(output.get("hash").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(output.get("parsed")).isEqualTo(json("{\"a\":[1,2]}"));
        assertThat(output.get("seeded").asBoolean()).isTrue();
        assertThat(output.get("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(output.get("now").asText()).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(output.get("singleMatch")).isEqualTo(json("{\"id\":2}"));
        assertThat(output.get("forcedArray")).isEqualTo(json("[{\"id\":2}]"));
    }

    @Test
    void sameSeed_givesIdenticalHistories() {
        String first = Fixtures.executor("functions.asl.json", Map.of())
                .run("same", "{\"items\": [{\"id\": 2}]}", Fixtures.START).historyJson().toString();
        String second = Fixtures.executor("functions.asl.json", Map.of())
                .run("same", "{\"items\": [{\"id\": 2}]}", Fixtures.START).historyJson().toString();
        String otherSeed = Fixtures.executor("functions.asl.json", Map.of(),
                        ExecutorOptions.defaults("TestMachine").withSeed(99))
                .run("same", "{\"items\": [{\"id\": 2}]}", Fixtures.START).historyJson().toString();

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    @DisplayName("A Choice without a match or Default fails with States.Runtime; States.NoChoiceMatched is reserved "
            + "(concepts-error-handling)")
    void choiceWithoutMatchOrDefault_failsWithStatesRuntime() {
        ExecutionResult result = inline("""
                {"QueryLanguage": "JSONata", "StartAt": "Decide", "States": {
                  "Decide": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "Never"}]},
                  "Never": {"Type": "Succeed"}}}
                """, "{}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains(ErrorNames.RUNTIME);
        assertThat(types(result)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed");
    }

    @Test
    @DisplayName("State.RetryCount only where AWS shows it: a Task's context has it, a Pass's has Name and "
            + "EnteredTime only (AWS-recorded, LocalStack test_context_object.snapshot.json)")
    void contextObject_showsRetryCountInTasksButNotInPassStates() {
        Fixtures.JsonFunction echo = Fixtures.JsonFunction.echo();
        ExecutionResult result = new LocalExecutor(StateMachineDefinition.load("""
                {"QueryLanguage": "JSONata", "StartAt": "Look", "States": {
                  "Look": {"Type": "Pass", "Output": "{% $states.context.State %}", "Next": "Call"},
                  "Call": {"Type": "Task", "Resource": "${EchoFunctionArn}",
                           "Arguments": "{% $states.context.State %}", "End": true}}}
                """, Fixtures.SUBSTITUTIONS), Map.of(ECHO, echo), new VirtualClock(Fixtures.START),
                ExecutorOptions.defaults("TestMachine")).run("context", "{}", Fixtures.START);

        assertThat(json(exitedOutput(result, "Look")).properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("EnteredTime", "Name");
        assertThat(json(echo.inputs.get(0)).get("RetryCount").asInt()).isZero();
    }

    @Test
    @DisplayName("An EvaluationFailed in a Pass carries the previousEventId of the state's PassStateEntered "
            + "(as AWS links it; issue 9)")
    void passFieldFailing_linksEvaluationFailedToTheEventBeforeItsEnteredEvent() {
        ExecutionResult result = inline("""
                {"QueryLanguage": "JSONata", "StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Next": "Bad"},
                  "Bad": {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": true}}}
                """, "{}");

        assertThat(types(result)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "PassStateEntered", "EvaluationFailed", "ExecutionFailed");
        List<HistoryEvent> events = result.history();
        assertThat(events.get(4).previousEventId()).isEqualTo(events.get(3).previousEventId()).isEqualTo(3);
        assertThat(events.get(5).previousEventId()).isEqualTo(5);
    }

    @Test
    @DisplayName("A Wait Timestamp that does not parse: AWS's Cause, and EvaluationFailed follows WaitStateEntered")
    void waitTimestampNotParsing_failsWithTheIso8601CauseAfterWaitStateEntered() {
        ExecutionResult result = inline("""
                {"QueryLanguage": "JSONata", "StartAt": "Until", "States": {
                  "Until": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "End": true}}}
                """, "{\"at\": \"next tuesday\"}");

        assertThat(result.cause()).contains("An error occurred while executing the state 'Until' (entered at the "
                + "event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format "
                + "string: next tuesday");
        assertThat(types(result)).containsExactly("ExecutionStarted", "WaitStateEntered", "EvaluationFailed",
                "ExecutionFailed");
        assertThat(result.history().get(2).previousEventId()).isEqualTo(2);
    }

    private static ExecutionResult inline(String definition, String input) {
        return new LocalExecutor(StateMachineDefinition.load(definition, Map.of()), Map.of(),
                new VirtualClock(Fixtures.START), ExecutorOptions.defaults("TestMachine"))
                .run("inline", input, Fixtures.START);
    }

    static String exitedOutput(ExecutionResult result, String state) {
        return result.history().stream()
                .filter(event -> event.details().orElse(null) instanceof EventDetails.StateExited exited
                        && exited.name().equals(state))
                .map(event -> ((EventDetails.StateExited) event.details().orElseThrow()).output())
                .findFirst().orElseThrow();
    }
}
