package dev.domainsync.statemachine.executor;

import static dev.domainsync.statemachine.executor.Fixtures.ECHO;
import static dev.domainsync.statemachine.executor.Fixtures.FLAKY;
import static dev.domainsync.statemachine.executor.Fixtures.START;
import static dev.domainsync.statemachine.executor.Fixtures.THROWING;
import static dev.domainsync.statemachine.executor.Fixtures.json;
import static dev.domainsync.statemachine.executor.Fixtures.output;
import static dev.domainsync.statemachine.executor.Fixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalExecutorRetryTest {

    private static final String TRANSIENT = "dev.domainsync.statemachine.executor.TransientDependencyException";

    @Test
    void errorPersisting_retriesWithCappedBackoffOnVirtualClockThenCatches() {
        Fixtures.FlakyFunction flaky = new Fixtures.FlakyFunction(100);
        ExecutionResult result = Fixtures.executor("retry.asl.json", Map.of(FLAKY, flaky))
                .run("exhausted", "{\"job\": 7}", START);

        assertThat(result.retries()).extracting(RetryWait::delay).containsExactly(
                Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(result.retries()).extracting(RetryWait::attempt).containsExactly(1, 2, 3, 4);
        assertThat(result.virtualDuration()).isEqualTo(Duration.ofSeconds(28));
        assertThat(flaky.calls).hasValue(5);
        assertThat(scheduledTimes(result)).containsExactly(START, START.plusSeconds(2), START.plusSeconds(8),
                START.plusSeconds(18), START.plusSeconds(28));
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result)).isEqualTo(json("{\"caught\":{\"error\":\"" + TRANSIENT + "\","
                + "\"message\":\"dependency unavailable on call 5\",\"input\":{\"job\":7}},"
                + "\"failedWith\":\"" + TRANSIENT + "\"}"));
    }

    @Test
    void errorClearing_retrySucceedsAndContextCountsRetries() {
        Fixtures.FlakyFunction flaky = new Fixtures.FlakyFunction(2);
        ExecutionResult result = Fixtures.executor("retry.asl.json", Map.of(FLAKY, flaky))
                .run("recovers", "{}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(output(result)).isEqualTo(json("{\"ok\":true,\"call\":3}"));
        assertThat(flaky.inputs).containsExactly("{\"retryCount\":0}", "{\"retryCount\":1}", "{\"retryCount\":2}");
        assertThat(types(result)).containsExactly("ExecutionStarted", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "ExecutionSucceeded");
        assertThat(result.history().get(5).previousEventId()).isEqualTo(5);
    }

    @Test
    void fullJitter_drawsEachWaitWithinItsCapAndRepeatsForTheSameSeed() {
        List<Duration> first = jitteredWaits(42);
        List<Duration> again = jitteredWaits(42);
        List<Duration> otherSeed = jitteredWaits(43);

        assertThat(first).hasSize(3);
        assertThat(first.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        assertThat(first.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
        assertThat(first.get(2)).isBetween(Duration.ZERO, Duration.ofSeconds(10));
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static List<Duration> jitteredWaits(long seed) {
        ExecutionResult result = Fixtures.executor("jitter.asl.json", Map.of(FLAKY, new Fixtures.FlakyFunction(100)),
                ExecutorOptions.defaults("TestMachine").withSeed(seed)).run("jitter", "{}", START);
        assertThat(result.error()).contains(TRANSIENT);
        return result.retries().stream().map(RetryWait::delay).toList();
    }

    @Test
    void namedError_matchesItsOwnCatcherFirst() {
        assertThat(handledBy("{\"throw\": \"permanent\"}", Duration.ZERO))
                .isEqualTo(json("{\"handledBy\":\"Named\",\"error\":\""
                        + "dev.domainsync.statemachine.executor.PermanentDependencyException\"}"));
    }

    @Test
    void otherHandlerError_matchesStatesTaskFailed() {
        assertThat(handledBy("{\"throw\": \"transient\"}", Duration.ZERO))
                .isEqualTo(json("{\"handledBy\":\"AnyTaskFailure\",\"error\":\"" + TRANSIENT + "\"}"));
    }

    @Test
    void taskTimeout_skipsStatesTaskFailedAndMatchesStatesAll() {
        assertThat(handledBy("{\"throw\": \"none\"}", Duration.ofSeconds(10)))
                .isEqualTo(json("{\"handledBy\":\"Anything\",\"error\":\"States.Timeout\"}"));
    }

    private static JsonNode handledBy(String input, Duration invocationDuration) {
        ExecutionResult result = Fixtures.executor("matching.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()),
                        ExecutorOptions.defaults("TestMachine").withInvocationDuration(invocationDuration))
                .run("matching", input, START);
        return output(result);
    }

    @Test
    void catchNotMatching_failsExecutionWithExceptionClassAndLambdaCause() {
        ExecutionResult result = Fixtures.executor("uncaught.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()))
                .run("uncaught", "{\"throw\": \"permanent\", \"id\": \"x1\"}", START);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).contains("dev.domainsync.statemachine.executor.PermanentDependencyException");
        JsonNode cause = json(result.cause().orElseThrow());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("permanently broken: x1");
        assertThat(cause.get("errorType").asText())
                .isEqualTo("dev.domainsync.statemachine.executor.PermanentDependencyException");
        assertThat(cause.get("stackTrace").get(0).asText()).contains("ThrowingFunction.handleRequest(Fixtures.java:");
        assertThat(types(result)).endsWith("LambdaFunctionFailed", "ExecutionFailed");
        assertThat(result.retries()).isEmpty();
    }

    @Test
    void lambdaServiceThrottling_isRetriedBeforeTheHandlerRuns() {
        AtomicInteger faults = new AtomicInteger();
        LambdaServiceFaults throttleTwice = invocation -> invocation.attempt() <= 2
                ? Optional.of(faults.incrementAndGet() == 1 ? LambdaServiceFaults.Fault.tooManyRequests()
                : LambdaServiceFaults.Fault.serviceException())
                : Optional.empty();
        ExecutionResult result = runOnceThrough(throttleTwice);

        assertThat(result.retries()).extracting(RetryWait::error)
                .containsExactly("Lambda.TooManyRequestsException", "Lambda.ServiceException");
        assertThat(result.retries()).extracting(RetryWait::delay)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(types(result)).containsSubsequence("LambdaFunctionScheduled", "LambdaFunctionStartFailed",
                "LambdaFunctionScheduled", "LambdaFunctionStartFailed", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded");
    }

    @Test
    @DisplayName("Lambda.ClientExecutionTimeoutException is a Lambda service error a retrier can name "
            + "(bp-lambda-serviceexception: ClientExecutionTimeoutException, ServiceException, AWSLambdaException, "
            + "SdkClientException)")
    void lambdaClientExecutionTimeout_isRetriedBeforeTheHandlerRuns() {
        LambdaServiceFaults onceTimedOut = invocation -> invocation.attempt() == 1
                ? Optional.of(LambdaServiceFaults.Fault.clientExecutionTimeout()) : Optional.empty();
        ExecutionResult result = runOnceThrough(onceTimedOut);

        assertThat(result.retries()).extracting(RetryWait::error)
                .containsExactly("Lambda.ClientExecutionTimeoutException");
    }

    /** Runs service-retry.asl.json with {@code faults}, asserting the handler ran exactly once and succeeded. */
    private static ExecutionResult runOnceThrough(LambdaServiceFaults faults) {
        Fixtures.JsonFunction echo = Fixtures.JsonFunction.echo();
        ExecutionResult result = Fixtures.executor("service-retry.asl.json", Map.of(ECHO, echo),
                        ExecutorOptions.defaults("TestMachine").withLambdaServiceFaults(faults))
                .run("service-faults", "{\"a\": 1}", START);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(echo.inputs).hasSize(1);
        return result;
    }

    @Test
    @DisplayName("A handler running past its function's Timeout fails as Lambda reports it: Sandbox.Timedout, "
            + "'Task timed out after N.NN seconds' (Lambda troubleshooting-invocation#troubleshooting-timeouts)")
    void handlerRunningPastItsFunctionTimeout_failsWithSandboxTimedOut() {
        List<Integer> remaining = new java.util.ArrayList<>();
        RequestStreamHandler slow = (in, out, context) -> {
            remaining.add(context.getRemainingTimeInMillis());
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
        ExecutionResult result = Fixtures.executor("timed.asl.json",
                        Map.of(ECHO, slow), ExecutorOptions.defaults("TestMachine")
                                .withFunctionTimeouts(Map.of(ECHO, Duration.ofSeconds(3)))
                                .withInvocationDuration(Duration.ofSeconds(5)))
                .run("too-slow", "{}", START);

        assertThat(remaining).as("the function's own Timeout").containsExactly(3000);
        HistoryEvent failed = result.history().stream()
                .filter(event -> event.type() == HistoryEventType.LambdaFunctionFailed).findFirst().orElseThrow();
        assertThat(failed.timestamp()).isEqualTo(START.plusSeconds(3));
        EventDetails.Failure details = (EventDetails.Failure) failed.details().orElseThrow();
        assertThat(details.error()).isEqualTo("Sandbox.Timedout");
        JsonNode cause = json(details.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(cause.get("errorMessage").asText())
                .matches("RequestId: [0-9a-f-]{36} Error: Task timed out after 3\\.00 seconds");
        assertThat(output(result).get("Error").asText()).as("States.ALL catches it").isEqualTo("Sandbox.Timedout");
    }

    @Test
    @DisplayName("A Java exception without a message reports its class name as errorMessage; the Cause's stack trace "
            + "holds the handler's frames only")
    void exceptionWithoutMessage_reportsItsClassNameAndOnlyTheHandlersFrames() {
        ExecutionResult result = Fixtures.executor("uncaught.asl.json", Map.of(THROWING, new Fixtures.ThrowingFunction()))
                .run("no-message", "{\"throw\": \"nomessage\"}", START);

        JsonNode cause = json(result.cause().orElseThrow());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        List<String> frames = new java.util.ArrayList<>();
        cause.get("stackTrace").forEach(frame -> frames.add(frame.asText()));
        assertThat(frames).isNotEmpty().allMatch(frame -> frame.contains("Fixtures$ThrowingFunction"));
    }

    private static List<Instant> scheduledTimes(ExecutionResult result) {
        return result.history().stream().filter(event -> event.type() == HistoryEventType.LambdaFunctionScheduled)
                .map(HistoryEvent::timestamp).toList();
    }
}
