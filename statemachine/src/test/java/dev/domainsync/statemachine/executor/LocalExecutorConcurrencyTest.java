package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.SCRIPTED;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.json;
import static dev.domainsync.statemachine.executor.Fixtures.output;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalExecutorConcurrencyTest {

    private static final String THREE_FLAKY_ITEMS = "{\"items\": [{\"id\": \"a\", \"fail\": 1},"
            + " {\"id\": \"b\", \"fail\": 1}, {\"id\": \"c\", \"fail\": 1}]}";

    private static ExecutionResult run(int concurrency, String input, Fixtures.ScriptedFunction function) {
        Map<String, String> substitutions = new HashMap<>(Fixtures.SUBSTITUTIONS);
        substitutions.put("Concurrency", Integer.toString(concurrency));
        StateMachineDefinition definition =
                StateMachineDefinition.load(Fixtures.text("map-concurrency.asl.json"), substitutions);
        return new LocalExecutor(definition, Map.of(SCRIPTED, function), new VirtualClock(START),
                ExecutorOptions.defaults("TestMachine")).run("lanes", input, START);
    }

    @Test
    void oneAtATime_addsUpEveryItemsRetryWait() {
        ExecutionResult result = run(1, THREE_FLAKY_ITEMS, new Fixtures.ScriptedFunction());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void allAtOnce_overlapsTheRetryWaits() {
        ExecutionResult result = run(3, THREE_FLAKY_ITEMS, new Fixtures.ScriptedFunction());

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(output(result)).isEqualTo(json("[{\"id\":\"a\",\"fail\":1},{\"id\":\"b\",\"fail\":1},"
                + "{\"id\":\"c\",\"fail\":1}]"));
    }

    @Test
    void twoLanes_startTheThirdItemWhenALaneFreesUpAndKeepTimeOrder() {
        ExecutionResult result = run(2, THREE_FLAKY_ITEMS, new Fixtures.ScriptedFunction());

        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(20));
        List<HistoryEvent> events = result.history();
        HistoryEvent thirdStarted = events.stream()
                .filter(event -> event.type() == HistoryEventType.MapIterationStarted)
                .filter(event -> event.details().orElseThrow().equals(new EventDetails.MapIteration("Each", 2)))
                .findFirst().orElseThrow();
        assertThat(thirdStarted.timestamp()).isEqualTo(START.plusSeconds(10));
        assertThat(types(result)).containsSubsequence("MapIterationStarted", "MapIterationStarted",
                "MapIterationSucceeded", "MapIterationSucceeded", "MapIterationStarted", "MapIterationSucceeded");
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).timestamp()).isAfterOrEqualTo(events.get(i - 1).timestamp());
            assertThat(events.get(i).id()).isEqualTo(i + 1L);
        }
    }

    @Test
    void sameInput_interleavesLanesIdenticallyEveryRun() {
        String first = run(2, THREE_FLAKY_ITEMS, new Fixtures.ScriptedFunction()).historyJson().toString();
        String second = run(2, THREE_FLAKY_ITEMS, new Fixtures.ScriptedFunction()).historyJson().toString();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void failingItem_abortsTheIterationStillWaitingAndTheMapIsCaught() {
        Fixtures.ScriptedFunction function = new Fixtures.ScriptedFunction();
        ExecutionResult result = run(2, "{\"items\": [{\"id\": \"slow\", \"fail\": 1},"
                + " {\"id\": \"broken\", \"permanent\": true}, {\"id\": \"never\"}]}", function);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result).get("Error").asText())
                .isEqualTo("dev.domainsync.statemachine.executor.PermanentDependencyException");
        assertThat(function.callsById.get("slow")).hasValue(1);
        assertThat(function.callsById).doesNotContainKey("never");
        assertThat(result.virtualDuration()).isEqualTo(Duration.ZERO);
        assertThat(types(result)).containsSubsequence("MapIterationFailed", "MapIterationAborted",
                "MapStateFailed", "MapStateExited", "PassStateEntered");
    }

    @Test
    void historyLimitReachedWhileLanesWait_failsAndEndsEveryLane() {
        Map<String, String> substitutions = new HashMap<>(Fixtures.SUBSTITUTIONS);
        substitutions.put("Concurrency", "3");
        StateMachineDefinition definition =
                StateMachineDefinition.load(Fixtures.text("map-concurrency.asl.json"), substitutions);
        ExecutionResult result = new LocalExecutor(definition, Map.of(SCRIPTED, new Fixtures.ScriptedFunction()),
                new VirtualClock(START), ExecutorOptions.defaults("TestMachine").withHistoryEventLimit(20))
                .run("limited", THREE_FLAKY_ITEMS, START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains("States.Runtime");
        assertThat(result.eventCount()).isEqualTo(20);
        assertThat(laneThreadsAlive()).isFalse();
    }

    @Test
    void timeoutWhileLanesWait_timesOutAtTheDeadline() {
        String definition = Fixtures.text("map-concurrency.asl.json")
                .replace("\"StartAt\": \"Each\"", "\"TimeoutSeconds\": 15, \"StartAt\": \"Each\"");
        Map<String, String> substitutions = new HashMap<>(Fixtures.SUBSTITUTIONS);
        substitutions.put("Concurrency", "2");
        ExecutionResult result = new LocalExecutor(StateMachineDefinition.load(definition, substitutions),
                Map.of(SCRIPTED, new Fixtures.ScriptedFunction()), new VirtualClock(START),
                ExecutorOptions.defaults("TestMachine")).run("late", THREE_FLAKY_ITEMS, START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(types(result)).endsWith("ExecutionTimedOut");
        assertThat(laneThreadsAlive()).isFalse();
    }

    private static boolean laneThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("Each-lane-") && thread.isAlive());
    }
}
