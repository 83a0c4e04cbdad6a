package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.BIG;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalExecutorQuotaTest {

    @Test
    void resultOver256KiB_failsWithDataLimitExceededThatStatesAllDoesNotCatch() {
        String big = "x".repeat(300 * 1024);
        ExecutionResult result = Fixtures.executor("big-result.asl.json",
                        Map.of(BIG, new Fixtures.JsonFunction(input -> Map.of("blob", big))))
                .run("big", "{}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains(ErrorNames.DATA_LIMIT_EXCEEDED);
        assertThat(types(result)).endsWith("LambdaFunctionFailed", "ExecutionFailed");
        assertThat(result.maxPayloadBytes()).isGreaterThan(300 * 1024);
        assertThat(result.maxPayloadState()).isEqualTo("Call");
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
