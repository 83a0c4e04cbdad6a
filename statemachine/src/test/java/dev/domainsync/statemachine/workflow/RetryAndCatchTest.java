package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ErrorNames;
import dev.domainsync.statemachine.executor.EventDetails;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.HistoryEvent;
import dev.domainsync.statemachine.executor.HistoryEventType;
import dev.domainsync.statemachine.executor.LambdaServiceFaults;
import dev.domainsync.statemachine.executor.RetryWait;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Retry and Catch of sync-domains.asl.json, read from the definition itself, driven through the real
 * workflow: each retried error is retried with the backoff its retrier gives and then the run succeeds; each
 * retrier, once exhausted, hands the error to the Catch; each Catch sends an unretried bug to FailRun. A Retry or
 * Catch added to the definition gets its cases here without anyone writing them.
 *
 * <p>Long because the cases are read from the definition and each kind (retried to success, exhausted, caught) needs
 * its driver beside them; no case is written by hand.
 */
class RetryAndCatchTest {

    private static final String FAIL_RUN = "FailRun";
    private static final Pattern STEP_RESOURCE = Pattern.compile("\\$\\{(\\w+)FunctionArn}");

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(4));
    /** Work for every step: a live stack, an updated one, a deleted one. */
    private static final JsonNode STACKS = snapshot()
            .live("a", T0, "a.example.com", "g-a")
            .updated("b", T0, T0.plus(Duration.ofDays(1)), "b.example.com", "g-b")
            .deleted("c", 1, T0, T0.plus(Duration.ofDays(1)), "c.example.com", "g-c")
            .json();

    private static final JsonNode DEFINITION = readDefinition();
    private static final List<RetryCase> RETRIES = retryCases(DEFINITION);
    private static final List<CatchCase> CATCHES = catchCases(DEFINITION);

    /** What the executor did in the cases below: "state retrier i: error" and "state catcher i". */
    private static final Set<String> RETRIES_DRIVEN = new ConcurrentSkipListSet<>();
    private static final Set<String> CATCHES_DRIVEN = new ConcurrentSkipListSet<>();

    /**
     * One error name of one retrier of a Task state.
     *
     * @param step the Lambda step behind the state, as in {@link LocalFunctions#STEPS}
     */
    record RetryCase(String state, String step, int retrierIndex, String error, int maxAttempts,
                     long intervalSeconds, double backoffRate, long maxDelaySeconds) {

        /** The longest wait before retry {@code attempt}: Interval x Rate^(attempt-1), capped by MaxDelaySeconds. */
        Duration cap(int attempt) {
            double seconds = Math.min(maxDelaySeconds, intervalSeconds * Math.pow(backoffRate, attempt - 1));
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        String key() {
            return state + " retrier " + retrierIndex + ": " + error;
        }
    }

    /** One catcher of a state; {@code step} is the Lambda step that fails inside it. */
    record CatchCase(String state, String step, int catcherIndex, List<String> errorEquals, String next) {

        /** The error to raise: a plain bug for the catch-alls, else the first name the catcher lists. */
        String error() {
            String first = errorEquals.get(0);
            return first.equals(ErrorNames.ALL) || first.equals(ErrorNames.TASK_FAILED)
                    ? IllegalStateException.class.getName() : first;
        }

        String key() {
            return state + " catcher " + catcherIndex;
        }
    }

    @Test
    void definition_hasRetriesAndCatchesWhereTheWorkflowNeedsThem() {
        assertThat(RETRIES).extracting(RetryCase::state).containsOnly(
                "StartRun", "ListStacks", "FilterRecent", "ExtractParamsBatch", "WriteRows", "PruneDeleted", FAIL_RUN);
        assertThat(RETRIES).as("every Task retries the Lambda service's own errors")
                .filteredOn(c -> c.error().equals("Lambda.ServiceException"))
                .extracting(RetryCase::state).hasSize(LocalFunctions.STEPS.size());
        forEachState(DEFINITION.get("States"), (name, state) -> {
            for (JsonNode retrier : state.path("Retry")) {
                List<String> errors = new ArrayList<>();
                retrier.get("ErrorEquals").forEach(error -> errors.add(error.asText()));
                if (errors.stream().anyMatch(LambdaServiceFaults.SERVICE_ERRORS::contains)) {
                    assertThat(errors).as("%s: a retrier of Lambda service errors lists all of them", name)
                            .containsExactlyInAnyOrderElementsOf(LambdaServiceFaults.SERVICE_ERRORS);
                }
            }
        });
        assertThat(CATCHES).extracting(CatchCase::state).containsExactly(
                "StartRun", "ListStacks", "FilterRecent", "ExtractParams", "WriteRows", "PruneDeleted", FAIL_RUN);
    }

    @Test
    void everyRetrier_backsOffExponentiallyWithFullJitterAndACap() {
        forEachState(DEFINITION.get("States"), (name, state) -> {
            for (JsonNode retrier : state.path("Retry")) {
                assertThat(retrier.path("JitterStrategy").asText()).as(name).isEqualTo("FULL");
                assertThat(retrier.path("BackoffRate").asDouble(2.0)).as(name).isGreaterThan(1.0);
                assertThat(retrier.has("MaxDelaySeconds")).as(name).isTrue();
            }
        });
    }

    @Test
    void noRetrier_retriesEveryError() {
        // States.ALL and States.TaskFailed would retry bugs and malformed input as well as transient failures.
        assertThat(RETRIES).extracting(RetryCase::error)
                .doesNotContain("States.ALL", "States.TaskFailed")
                .allSatisfy(error -> assertThat(error).doesNotStartWith("States."));
    }

    @TestFactory
    Stream<DynamicTest> retriedError_isRetriedWithBackoffAndFullJitter_andTheRunSucceeds() {
        // One execution per error name fails every state that retries it, each as often as its MaxAttempts
        // allows; FailRun's cases get executions of their own, since only a failed run reaches it.
        Map<String, List<RetryCase>> groups = new LinkedHashMap<>();
        RETRIES.forEach(c -> groups.computeIfAbsent(c.error() + (c.state().equals(FAIL_RUN) ? " in FailRun" : ""),
                key -> new ArrayList<>()).add(c));
        Stream<DynamicTest> cases = groups.values().stream().map(group -> DynamicTest.dynamicTest(
                group.get(0).error() + " in " + group.stream().map(RetryCase::state).toList() + ", MaxAttempts times",
                () -> retriedToSuccess(group)));
        // From what the executor recorded, not from the cases: a retried error no case drove fails here.
        return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("every retried error was driven",
                () -> assertThat(RETRIES_DRIVEN).containsExactlyInAnyOrderElementsOf(
                        RETRIES.stream().map(RetryCase::key).toList()))));
    }

    @TestFactory
    Stream<DynamicTest> exhaustedRetrier_handsTheErrorToTheCatch_andChangesNothing() {
        return RETRIES.stream()
                .filter(c -> c.error().equals(firstError(c)))
                .map(c -> DynamicTest.dynamicTest(c.key() + ", MaxAttempts + 1 times", () -> exhausted(c)));
    }

    @TestFactory
    Stream<DynamicTest> bugInAStep_isCaughtWithoutRetrying_andFailsTheRun() {
        Stream<DynamicTest> cases = CATCHES.stream().map(c -> DynamicTest.dynamicTest(c.key(), () -> caught(c)));
        return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("every Catch was driven",
                () -> assertThat(CATCHES_DRIVEN).containsExactlyInAnyOrderElementsOf(
                        CATCHES.stream().map(CatchCase::key).toList()))));
    }

    private void retriedToSuccess(List<RetryCase> cases) {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            boolean failRun = cases.get(0).state().equals(FAIL_RUN);
            if (failRun) {
                breakWriteRows(harness);
            }
            fail(harness, cases, RetryCase::maxAttempts);

            ExecutionResult result = harness.serve(STACKS).run("{}", NOW);

            RETRIES_DRIVEN.addAll(retriesTaken(result));
            List<Tuple> expectedRetries = new ArrayList<>();
            cases.forEach(c -> IntStream.rangeClosed(1, c.maxAttempts())
                    .forEach(attempt -> expectedRetries.add(tuple(c.state(), c.error(), c.retrierIndex(), attempt))));
            assertThat(result.retries())
                    .extracting(RetryWait::stateName, RetryWait::error, RetryWait::retrierIndex, RetryWait::attempt)
                    .containsExactlyInAnyOrderElementsOf(expectedRetries);
            for (RetryCase c : cases) {
                List<RetryWait> waits = result.retries().stream()
                        .filter(wait -> wait.stateName().equals(c.state())).toList();
                assertThat(waits).allSatisfy(wait -> assertThat(wait.delay())
                        .as("%s retry %d", c.state(), wait.attempt())
                        .isBetween(Duration.ZERO, c.cap(wait.attempt())));
                assertThat(waits).as("%s: FULL jitter draws below the cap", c.state())
                        .anySatisfy(wait -> assertThat(wait.delay()).isLessThan(c.cap(wait.attempt())));
            }
            if (failRun) {
                assertFailedWith(result, "java.lang.IllegalStateException");
                assertThat(result.cause().orElseThrow()).contains("bug in WriteRows");
                assertThat(harness.mappings()).isEmpty();
                assertThat(harness.runStatuses()).containsExactly("FAILED");
            } else {
                assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
                assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(STACKS));
                assertThat(harness.runStatuses()).containsExactly("SUCCEEDED");
            }
        }
    }

    private void exhausted(RetryCase c) {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            boolean failRun = c.state().equals(FAIL_RUN);
            if (failRun) {
                breakWriteRows(harness);
            }
            fail(harness, List.of(c), retryCase -> retryCase.maxAttempts() + 1);

            ExecutionResult result = harness.serve(STACKS).run("{}", NOW);

            assertThat(result.retries()).extracting(RetryWait::stateName, RetryWait::attempt)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, c.maxAttempts())
                            .mapToObj(attempt -> tuple(c.state(), attempt)).toList());
            assertThat(harness.mappings()).as("nothing reached the table").isEmpty();
            if (failRun) {
                // FailRun itself gave up: the execution still ends with the error that failed the run, but the run
                // stays RUNNING until its lease expires.
                assertFailedWith(result, "java.lang.IllegalStateException");
                assertThat(statesEntered(result)).endsWith("WriteRows", FAIL_RUN, "Failed");
                assertThat(harness.runStatuses()).containsExactly("RUNNING");
            } else {
                assertFailedWith(result, c.error());
                assertThat(statesEntered(result)).endsWith(c.state(), FAIL_RUN, "Failed");
                assertThat(harness.runStatuses()).containsExactly("FAILED");
                assertThat(harness.leaseHolder()).isEmpty();
            }
        }
    }

    private void caught(CatchCase c) {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            boolean failRun = c.state().equals(FAIL_RUN);
            if (failRun) {
                breakWriteRows(harness);
            }
            FlakyStep step = FlakyStep.broken(raising(c.error(), "bug in " + c.step()));
            harness.wrap(c.step(), step);

            ExecutionResult result = harness.serve(STACKS).run("{}", NOW);

            Set<String> catchers = catchersTaken(result);
            CATCHES_DRIVEN.addAll(catchers);
            assertThat(catchers).contains(c.key());
            assertThat(result.retries()).isEmpty();
            assertThat(step.invocations()).as("one attempt").isEqualTo(1);
            assertThat(harness.mappings()).as("nothing reached the table").isEmpty();
            if (failRun) {
                assertFailedWith(result, "java.lang.IllegalStateException");
                assertThat(result.cause().orElseThrow()).as("the original error").contains("bug in WriteRows");
                assertThat(statesEntered(result)).endsWith("WriteRows", FAIL_RUN, c.next());
                assertThat(harness.runStatuses()).containsExactly("RUNNING");
            } else {
                assertFailedWith(result, c.error());
                assertThat(result.cause().orElseThrow()).contains("bug in " + c.step());
                assertThat(statesEntered(result)).endsWith(c.next(), "Failed");
                assertThat(harness.runStatuses()).containsExactly("FAILED");
            }
        }
    }

    /** FailRun runs only after a failure: a bug in WriteRows gives it one. */
    private static void breakWriteRows(WorkflowHarness harness) {
        harness.wrap("WriteRows", FlakyStep.broken(() -> new IllegalStateException("bug in WriteRows (injected)")));
    }

    /** Makes each case's state fail {@code times} times with its error: the Lambda service's, or the step's own. */
    private static void fail(WorkflowHarness harness, List<RetryCase> cases, ToIntFunction<RetryCase> times) {
        Map<String, Integer> lambdaFailures = new HashMap<>();
        for (RetryCase c : cases) {
            if (c.error().startsWith("Lambda.")) {
                lambdaFailures.put(c.state(), times.applyAsInt(c));
            } else {
                harness.wrap(c.step(), FlakyStep.failing(times.applyAsInt(c), raising(c.error(), "injected")));
            }
        }
        String error = cases.get(0).error();
        harness.lambdaFaults(invocation ->
                invocation.attempt() <= lambdaFailures.getOrDefault(invocation.stateName(), 0)
                ? Optional.of(new LambdaServiceFaults.Fault(error, error + " (injected)"))
                : Optional.empty());
    }

    /**
     * Makes exceptions whose class name is {@code error}, as Lambda's Java runtime reports it; the workflow's named
     * exceptions take (message, cause). Fails at once for a name it cannot make.
     */
    private static Supplier<RuntimeException> raising(String error, String message) {
        Constructor<? extends RuntimeException> constructor;
        try {
            constructor = Class.forName(error).asSubclass(RuntimeException.class)
                    .getConstructor(String.class, Throwable.class);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new AssertionError("cannot raise " + error + ": teach RetryAndCatchTest how", e);
        }
        return () -> {
            try {
                return constructor.newInstance(message, null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static String firstError(RetryCase c) {
        return RETRIES.stream()
                .filter(other -> other.state().equals(c.state()) && other.retrierIndex() == c.retrierIndex())
                .findFirst().orElseThrow().error();
    }

    private static void assertFailedWith(ExecutionResult result, String error) {
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).as("%s", result.cause()).contains(error);
        assertThat(statesEntered(result)).endsWith("Failed");
    }

    /** The retries the executor took, as "state retrier i: error". */
    private static Set<String> retriesTaken(ExecutionResult result) {
        Set<String> keys = new TreeSet<>();
        result.retries().forEach(wait ->
                keys.add(wait.stateName() + " retrier " + wait.retrierIndex() + ": " + wait.error()));
        return keys;
    }

    /** The catchers that took over an error, from the history: a state exited right after it failed. */
    private static Set<String> catchersTaken(ExecutionResult result) {
        Set<String> keys = new TreeSet<>();
        List<HistoryEvent> events = result.history();
        for (int i = 1; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            if (failure(events.get(i - 1).type())
                    && event.details().orElse(null) instanceof EventDetails.StateExited exited) {
                // A Catch without Output passes the Error Output on: {"Error": ..., "Cause": ...}.
                String error = readTree(exited.output()).get("Error").asText();
                CATCHES.stream()
                        .filter(c -> c.state().equals(exited.name()) && ErrorNames.matches(c.errorEquals(), error))
                        .findFirst()
                        .ifPresent(c -> keys.add(c.key()));
            }
        }
        return keys;
    }

    private static boolean failure(HistoryEventType type) {
        return type == HistoryEventType.LambdaFunctionFailed || type == HistoryEventType.LambdaFunctionStartFailed
                || type == HistoryEventType.LambdaFunctionTimedOut || type == HistoryEventType.MapStateFailed;
    }


    // --- The cases, read from the definition ---

    private static List<RetryCase> retryCases(JsonNode definition) {
        List<RetryCase> cases = new ArrayList<>();
        forEachState(definition.get("States"), (name, state) -> {
            JsonNode retry = state.path("Retry");
            for (int i = 0; i < retry.size(); i++) {
                JsonNode retrier = retry.get(i);
                for (JsonNode error : retrier.get("ErrorEquals")) {
                    cases.add(new RetryCase(name, step(name, state), i, error.asText(),
                            retrier.path("MaxAttempts").asInt(3), retrier.path("IntervalSeconds").asLong(1),
                            retrier.path("BackoffRate").asDouble(2.0),
                            retrier.path("MaxDelaySeconds").asLong(Long.MAX_VALUE)));
                }
            }
        });
        return cases;
    }

    private static List<CatchCase> catchCases(JsonNode definition) {
        List<CatchCase> cases = new ArrayList<>();
        forEachState(definition.get("States"), (name, state) -> {
            JsonNode catchers = state.path("Catch");
            for (int i = 0; i < catchers.size(); i++) {
                JsonNode catcher = catchers.get(i);
                List<String> errorEquals = new ArrayList<>();
                catcher.get("ErrorEquals").forEach(error -> errorEquals.add(error.asText()));
                cases.add(new CatchCase(name, step(name, state), i, errorEquals, catcher.get("Next").asText()));
            }
        });
        return cases;
    }

    private interface StateVisitor {
        void visit(String name, JsonNode state);
    }

    /** Every state of {@code states} in definition order, each Map's inner states right after the Map. */
    private static void forEachState(JsonNode states, StateVisitor visitor) {
        for (Map.Entry<String, JsonNode> entry : states.properties()) {
            visitor.visit(entry.getKey(), entry.getValue());
            JsonNode inner = entry.getValue().path("ItemProcessor").path("States");
            if (!inner.isMissingNode()) {
                forEachState(inner, visitor);
            }
        }
    }

    /** The Lambda step behind a Task, or behind the Task inside a Map. */
    private static String step(String name, JsonNode state) {
        if (state.has("Resource")) {
            Matcher matcher = STEP_RESOURCE.matcher(state.get("Resource").asText());
            if (!matcher.matches() || !LocalFunctions.STEPS.contains(matcher.group(1))) {
                throw new IllegalStateException(name + "'s Resource names no step function");
            }
            return matcher.group(1);
        }
        Set<String> inner = new TreeSet<>();
        forEachState(state.path("ItemProcessor").path("States"), (innerName, innerState) -> {
            if (innerState.has("Resource")) {
                inner.add(step(innerName, innerState));
            }
        });
        if (inner.size() != 1) {
            throw new IllegalStateException(name + " holds steps " + inner + "; a case needs exactly one to fail");
        }
        return inner.iterator().next();
    }

    private static JsonNode readDefinition() {
        return readTree(LocalWorkflow.definitionJson());
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
