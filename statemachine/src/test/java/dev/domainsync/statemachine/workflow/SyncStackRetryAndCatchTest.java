package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.StackEvents.event;
import static dev.domainsync.statemachine.workflow.TestStacks.id;
import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.LambdaServiceFaults;
import dev.domainsync.statemachine.executor.RetryWait;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Retry and Catch of sync-stack.asl.json, read from the definition itself, driven through the real event path:
 * each retried error is retried with its retrier's backoff and the stack still reaches the table; each exhausted
 * retrier ends the execution with the error and changes nothing; a bug is caught at once and fails the execution.
 */
class SyncStackRetryAndCatchTest {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final JsonNode STACKS = snapshot().live("shop", T0, "shop.example.com", "g-1").json();
    private static final String EVENT = event(id("shop", 1), "CREATE_COMPLETE", T0);
    private static final List<String> LAMBDA_SERVICE_ERRORS = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
            "Lambda.ClientExecutionTimeoutException");

    private static final JsonNode STATES = readDefinition().get("States");
    private static final List<RetryCase> RETRIES = retryCases();
    private static final Set<String> RETRIES_DRIVEN = new ConcurrentSkipListSet<>();
    private static final Set<String> CATCHES_DRIVEN = new ConcurrentSkipListSet<>();

    /** One error name of one retrier of a Task state, whose step has the state's name. */
    record RetryCase(String state, int retrierIndex, String error, int maxAttempts, long intervalSeconds,
                     double backoffRate, long maxDelaySeconds) {

        Duration cap(int attempt) {
            double seconds = Math.min(maxDelaySeconds, intervalSeconds * Math.pow(backoffRate, attempt - 1));
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        String key() {
            return state + " retrier " + retrierIndex + ": " + error;
        }
    }

    @Test
    void everyTask_retriesLambdasServiceErrorsAndThrottling_withCappedFullJitter_andNeverEveryError() {
        for (String state : List.of("ReadStack", "ApplyStack")) {
            assertThat(RETRIES).filteredOn(c -> c.state().equals(state)).extracting(RetryCase::error)
                    .as(state).containsAll(LAMBDA_SERVICE_ERRORS).noneMatch(error -> error.startsWith("States."));
            assertThat(STATES.get(state).get("Catch")).as(state).hasSize(1);
            assertThat(STATES.get(state).get("Catch").get(0).get("Next").asText()).isEqualTo("Failed");
            for (JsonNode retrier : STATES.get(state).get("Retry")) {
                assertThat(retrier.get("JitterStrategy").asText()).as(state).isEqualTo("FULL");
                assertThat(retrier.has("MaxDelaySeconds")).as(state).isTrue();
            }
        }
        assertThat(RETRIES).filteredOn(c -> c.error().equals("Lambda.TooManyRequestsException"))
                .as("a burst drains: throttling is retried longest").allSatisfy(c -> assertThat(c.maxAttempts())
                        .isGreaterThanOrEqualTo(10));
    }

    @TestFactory
    Stream<DynamicTest> retriedError_isRetriedWithBackoff_andTheStackStillReachesTheTable() {
        Stream<DynamicTest> cases = RETRIES.stream().map(c -> DynamicTest.dynamicTest(c.key() + ", MaxAttempts times",
                () -> retriedToSuccess(c)));
        return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("every retried error was driven",
                () -> assertThat(RETRIES_DRIVEN).containsExactlyInAnyOrderElementsOf(
                        RETRIES.stream().map(RetryCase::key).toList()))));
    }

    @TestFactory
    Stream<DynamicTest> exhaustedRetrier_endsTheExecutionWithTheError_andChangesNothing() {
        return RETRIES.stream().map(c -> DynamicTest.dynamicTest(c.key() + ", MaxAttempts + 1 times",
                () -> exhausted(c)));
    }

    @TestFactory
    Stream<DynamicTest> bugInAStep_isCaughtWithoutRetrying_andFailsTheExecution() {
        Stream<DynamicTest> cases = Stream.of("ReadStack", "ApplyStack")
                .map(state -> DynamicTest.dynamicTest(state + " catcher 0", () -> caught(state)));
        return Stream.concat(cases, Stream.of(DynamicTest.dynamicTest("every Catch was driven",
                () -> assertThat(CATCHES_DRIVEN).containsExactlyInAnyOrder("ReadStack", "ApplyStack"))));
    }

    private void retriedToSuccess(RetryCase c) {
        try (WorkflowHarness harness = new WorkflowHarness().serve(STACKS)) {
            fail(harness, c, c.maxAttempts());

            ExecutionResult result = harness.runEvent(EVENT, T0);

            result.retries().forEach(wait -> RETRIES_DRIVEN.add(wait.stateName() + " retrier " + wait.retrierIndex()
                    + ": " + wait.error()));
            assertThat(result.retries())
                    .extracting(RetryWait::stateName, RetryWait::error, RetryWait::retrierIndex, RetryWait::attempt)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, c.maxAttempts())
                            .mapToObj(attempt -> tuple(c.state(), c.error(), c.retrierIndex(), attempt)).toList());
            assertThat(result.retries()).allSatisfy(wait -> assertThat(wait.delay())
                    .isBetween(Duration.ZERO, c.cap(wait.attempt())));
            assertThat(result.retries()).as("FULL jitter draws below the cap")
                    .anySatisfy(wait -> assertThat(wait.delay()).isLessThan(c.cap(wait.attempt())));
            assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(STACKS));
        }
    }

    private void exhausted(RetryCase c) {
        try (WorkflowHarness harness = new WorkflowHarness().serve(STACKS)) {
            fail(harness, c, c.maxAttempts() + 1);

            ExecutionResult result = harness.runEvent(EVENT, T0);

            assertThat(result.retries()).hasSize(c.maxAttempts());
            assertThat(result.succeeded()).isFalse();
            assertThat(result.error()).contains(c.error());
            assertThat(statesEntered(result)).endsWith(c.state(), "Failed");
            assertThat(harness.mappings()).as("nothing reached the table").isEmpty();
        }
    }

    private void caught(String state) {
        try (WorkflowHarness harness = new WorkflowHarness().serve(STACKS)) {
            FlakyStep step = FlakyStep.broken(() -> new IllegalStateException("bug in " + state + " (injected)"));
            harness.wrap(state, step);

            ExecutionResult result = harness.runEvent(EVENT, T0);

            assertThat(step.invocations()).as("one attempt").isEqualTo(1);
            assertThat(result.retries()).isEmpty();
            assertThat(result.error()).contains(IllegalStateException.class.getName());
            assertThat(result.cause().orElseThrow()).contains("bug in " + state);
            assertThat(statesEntered(result)).endsWith(state, "Failed");
            assertThat(harness.mappings()).isEmpty();
            CATCHES_DRIVEN.add(state);
        }
    }

    /** Makes the case's state fail {@code times} times with its error: the Lambda service's, or the step's own. */
    private static void fail(WorkflowHarness harness, RetryCase c, int times) {
        if (c.error().startsWith("Lambda.")) {
            harness.lambdaFaults(invocation -> invocation.stateName().equals(c.state()) && invocation.attempt() <= times
                    ? Optional.of(new LambdaServiceFaults.Fault(c.error(), c.error() + " (injected)"))
                    : Optional.empty());
        } else {
            harness.wrap(c.state(), FlakyStep.failing(times, raising(c.error())));
        }
    }

    /** The workflow's named exceptions, as Lambda's Java runtime reports them by class name, take (message, cause). */
    private static Supplier<RuntimeException> raising(String error) {
        return () -> {
            try {
                return Class.forName(error).asSubclass(RuntimeException.class)
                        .getConstructor(String.class, Throwable.class).newInstance("injected", null);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot raise " + error, e);
            }
        };
    }

    private static List<RetryCase> retryCases() {
        List<RetryCase> cases = new ArrayList<>();
        for (Map.Entry<String, JsonNode> state : STATES.properties()) {
            JsonNode retry = state.getValue().path("Retry");
            for (int i = 0; i < retry.size(); i++) {
                JsonNode retrier = retry.get(i);
                for (JsonNode error : retrier.get("ErrorEquals")) {
                    cases.add(new RetryCase(state.getKey(), i, error.asText(), retrier.path("MaxAttempts").asInt(3),
                            retrier.path("IntervalSeconds").asLong(1), retrier.path("BackoffRate").asDouble(2.0),
                            retrier.path("MaxDelaySeconds").asLong(Long.MAX_VALUE)));
                }
            }
        }
        return cases;
    }

    private static JsonNode readDefinition() {
        try {
            return Json.mapper().readTree(LocalWorkflow.definitionJson(LocalWorkflow.SYNC_STACK_DEFINITION_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
