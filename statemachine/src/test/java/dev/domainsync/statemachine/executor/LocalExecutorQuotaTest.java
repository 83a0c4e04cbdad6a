package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.BIG;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalExecutorQuotaTest {

    @Test
    @DisplayName("A function result over 256 KiB: LambdaFunctionFailed with States.DataLimitExceeded, then "
            + "TaskStateExited, and States.ALL catches it (recorded on AWS: LocalStack test_states_errors.snapshot.json, "
            + "test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response)")
    void functionResultOver256KiB_isALambdaFailureThatStatesAllCatches() {
        String big = "x".repeat(300 * 1024);
        ExecutionResult result = Fixtures.executor("big-result.asl.json",
                        Map.of(BIG, new Fixtures.JsonFunction(input -> Map.of("blob", big))))
                .run("big", "{}", START);

        String cause = "The state/task '" + BIG + "' returned a result with a size exceeding the maximum number of "
                + "bytes service limit.";
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types(result)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited", "SucceedStateEntered",
                "SucceedStateExited", "ExecutionSucceeded");
        HistoryEvent failed = result.history().get(4);
        assertThat(failed.details()).contains(new EventDetails.Failure(ErrorNames.DATA_LIMIT_EXCEEDED, cause));
        assertThat(failed.previousEventId()).isEqualTo(4);
        assertThat(result.history().get(5).previousEventId()).isEqualTo(5);
        assertThat(Fixtures.output(result)).isEqualTo(Fixtures.json(
                "{\"Error\":\"States.DataLimitExceeded\",\"Cause\":\"" + cause + "\"}"));
        assertThat(result.maxPayloadBytes()).isGreaterThan(300 * 1024);
        assertThat(result.maxPayloadState()).isEqualTo("Call");
    }

    @Test
    @DisplayName("A state's own output over 256 KiB is terminal: States.ALL does not catch it (concepts-error-handling: "
            + "DataLimitExceeded is a terminal error that can't be caught by States.ALL)")
    void stateOutputOver256KiB_endsTheExecutionThoughStatesAllIsCaught() {
        String definition = Fixtures.text("big-result.asl.json").replace("\"Resource\": \"${BigFunctionArn}\",",
                "\"Resource\": \"${BigFunctionArn}\", \"Output\": \"{% $states.result.blob & $states.result.blob %}\",");
        ExecutionResult result = new LocalExecutor(StateMachineDefinition.load(definition, Fixtures.SUBSTITUTIONS),
                Map.of(BIG, new Fixtures.JsonFunction(input -> Map.of("blob", "x".repeat(200 * 1024)))),
                new VirtualClock(START), ExecutorOptions.defaults("TestMachine")).run("doubled", "{}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains(ErrorNames.DATA_LIMIT_EXCEEDED);
        assertThat(types(result)).endsWith("LambdaFunctionSucceeded", "ExecutionFailed");
    }

    @Test
    void smallPayloads_reportTheLargestSeenAndItsState() {
        ExecutionResult result = Fixtures.executor("big-result.asl.json",
                        Map.of(BIG, new Fixtures.JsonFunction(input -> Map.of("blob", "y".repeat(1000)))))
                .run("small", "{}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.maxPayloadBytes()).isEqualTo("{\"blob\":\"\"}".length() + 1000);
        assertThat(result.maxPayloadState()).isEqualTo("Call");
    }

    @Test
    void executionInputOver256KiB_isRejectedLikeStartExecution() {
        LocalExecutor executor = Fixtures.executor("loop.asl.json", Map.of());
        String input = "{\"pad\": \"" + "z".repeat(262_144) + "\"}";

        assertThatThrownBy(() -> executor.run("huge", input, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("States.DataLimitExceeded");
    }

    @Test
    void endlessLoop_failsAtTheTwentyFiveThousandthEvent() {
        ExecutionResult result = Fixtures.executor("loop.asl.json", Map.of())
                .run("endless", "{\"times\": 1000000}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.eventCount()).isEqualTo(25_000);
        HistoryEvent last = result.history().get(24_999);
        assertThat(last.type()).isEqualTo(HistoryEventType.ExecutionFailed);
        assertThat(last.details()).contains(new EventDetails.Failure("States.Runtime",
                "The execution reached the maximum number of history events (25000)."));
        assertThat(result.error()).contains("States.Runtime");
    }

    @Test
    void loopEndingOnTheLastAllowedEvent_stillSucceeds() {
        // Start (2 events) + 2 laps of Lap/Again (4 each) + Done (2) + ExecutionStarted/Succeeded = 14 events.
        ExecutionResult result = Fixtures.executor("loop.asl.json", Map.of(),
                        ExecutorOptions.defaults("TestMachine").withHistoryEventLimit(14))
                .run("exact", "{\"times\": 2}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.eventCount()).isEqualTo(14);
    }

    @Test
    void waitBeyondTimeoutSeconds_timesOutAtTheDeadlineOnTheVirtualClock() {
        ExecutionResult result = Fixtures.executor("timeout.asl.json", Map.of())
                .run("slow", "{\"seconds\": 45}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.error()).contains(ErrorNames.TIMEOUT);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(60));
        HistoryEvent last = result.history().get(result.history().size() - 1);
        assertThat(last.type()).isEqualTo(HistoryEventType.ExecutionTimedOut);
        assertThat(last.timestamp()).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void waitWithinTimeoutSeconds_succeedsAfterTheWaitedTime() {
        ExecutionResult result = Fixtures.executor("timeout.asl.json", Map.of())
                .run("quick", "{\"seconds\": 20}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(50));
    }
}
