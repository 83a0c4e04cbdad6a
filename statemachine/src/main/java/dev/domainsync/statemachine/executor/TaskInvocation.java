package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Task's call of its function, as Lambda and Step Functions record it: the payload quota on its arguments and
 * result, injected Lambda service faults, the function's Timeout and the Task's TimeoutSeconds, and the error a
 * handler's exception becomes.
 */
final class TaskInvocation {

    /** The error type Lambda reports for an invocation that ran past its function's Timeout. */
    static final String FUNCTION_TIMED_OUT = "Sandbox.Timedout";

    private static final Logger LOG = LoggerFactory.getLogger(TaskInvocation.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int CAUSE_LIMIT = 32_768;

    private final Map<String, RequestStreamHandler> functions;
    private final VirtualClock clock;
    private final ExecutorOptions options;
    private final Random random;
    private final RunRecorder recorder;

    TaskInvocation(Map<String, RequestStreamHandler> functions, VirtualClock clock, ExecutorOptions options,
                   Random random, RunRecorder recorder) {
        this.functions = functions;
        this.clock = clock;
        this.options = options;
        this.random = random;
        this.recorder = recorder;
    }

    /** Invokes the Task's function with {@code arguments}, attempt {@code attempt}, and returns its result. */
    JsonNode invoke(State.Task task, JsonNode arguments, Flow flow, int attempt) {
        String input = RunRecorder.json(arguments);
        recorder.measure(input, task.name());
        Long timeout = task.timeoutSeconds().isPresent() ? task.timeoutSeconds().getAsLong() : null;
        recorder.record(flow, HistoryEventType.LambdaFunctionScheduled, new EventDetails.LambdaFunctionScheduled(
                task.resource(), input, EventDetails.PayloadDetails.NOT_TRUNCATED, timeout));
        Optional<LambdaServiceFaults.Fault> fault = options.lambdaServiceFaults()
                .beforeInvoke(new LambdaServiceFaults.Invocation(task.resource(), task.name(), attempt, input));
        if (fault.isPresent()) {
            recorder.record(flow, HistoryEventType.LambdaFunctionStartFailed,
                    new EventDetails.Failure(fault.get().error(), fault.get().cause()));
            throw new StatesError(fault.get().error(), fault.get().cause());
        }
        recorder.record(flow, HistoryEventType.LambdaFunctionStarted, null);
        // Lambda gives the handler its function's own Timeout; the Task's TimeoutSeconds is Step Functions' alone.
        Duration functionTimeout = options.functionTimeout(task.resource());
        String requestId = JsonataEvaluator.randomUuid(random).toString();
        LocalLambdaContext context = new LocalLambdaContext(requestId, task.resource(), options.memoryLimitInMb(),
                clock, functionTimeout);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            functions.get(task.resource()).handleRequest(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            thrown = e;
        }
        Duration took = options.measureInvocations() ? measured(started) : options.invocationDuration();
        Duration taskTimeout = timeout != null ? Duration.ofSeconds(timeout) : null;
        if (taskTimeout != null && took.compareTo(taskTimeout) > 0 && taskTimeout.compareTo(functionTimeout) <= 0) {
            recorder.advance(taskTimeout);
            String cause = "The task '" + task.name() + "' ran longer than its TimeoutSeconds of " + timeout + ".";
            recorder.record(flow, HistoryEventType.LambdaFunctionTimedOut,
                    new EventDetails.Failure(ErrorNames.TIMEOUT, cause));
            throw new StatesError(ErrorNames.TIMEOUT, cause);
        }
        if (took.compareTo(functionTimeout) > 0) {
            recorder.advance(functionTimeout);
            String cause = functionTimedOutCause(requestId, functionTimeout);
            LOG.info("state {} request {}: function timed out after {}", task.name(), requestId, functionTimeout);
            recorder.record(flow, HistoryEventType.LambdaFunctionFailed,
                    new EventDetails.Failure(FUNCTION_TIMED_OUT, cause));
            throw new StatesError(FUNCTION_TIMED_OUT, cause);
        }
        recorder.advance(took);
        if (thrown != null) {
            String error = thrown.getClass().getName();
            String cause = lambdaErrorCause(thrown);
            LOG.info("state {} request {}: handler threw {}", task.name(), requestId, error);
            recorder.record(flow, HistoryEventType.LambdaFunctionFailed, new EventDetails.Failure(error, cause));
            throw new StatesError(error, cause);
        }
        byte[] bytes = output.toByteArray();
        if (bytes.length > RunRecorder.PAYLOAD_LIMIT_BYTES) {
            // Not terminal: AWS records LambdaFunctionFailed and a States.ALL catcher catches it (see ErrorNames).
            recorder.noteSize(bytes.length, task.name());
            String cause = "The state/task '" + task.resource() + "' returned a result with a size exceeding the "
                    + "maximum number of bytes service limit.";
            recorder.record(flow, HistoryEventType.LambdaFunctionFailed,
                    new EventDetails.Failure(ErrorNames.DATA_LIMIT_EXCEEDED, cause));
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, cause);
        }
        JsonNode result;
        try {
            result = bytes.length == 0 ? NODES.nullNode() : Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new StatesError(ErrorNames.RUNTIME, "The function '" + task.resource()
                    + "' returned output that is not JSON: " + e.getMessage());
        }
        String text = RunRecorder.json(result);
        recorder.measure(text, task.name());
        recorder.record(flow, HistoryEventType.LambdaFunctionSucceeded,
                new EventDetails.LambdaFunctionSucceeded(text, EventDetails.PayloadDetails.NOT_TRUNCATED));
        return result;
    }

    /**
     * The error payload Lambda returns when an invocation runs past its function's Timeout
     * (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-timeouts),
     * which a bare-ARN Task reports as the Cause of LambdaFunctionFailed.
     */
    static String functionTimedOutCause(String requestId, Duration timeout) {
        ObjectNode cause = NODES.objectNode();
        cause.put("errorMessage", "RequestId: " + requestId + " Error: Task timed out after "
                + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
        cause.put("errorType", FUNCTION_TIMED_OUT);
        return RunRecorder.json(cause);
    }

    /**
     * The Cause Lambda's Java runtime reports for an uncaught exception: its message (its class name when it has
     * none) and the frames of the handler's own code, down to where the runtime called it. Here that is where
     * this class called the handler, so neither the executor's nor the test runner's frames show.
     */
    static String lambdaErrorCause(Throwable e) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(TaskInvocation.class.getName())) {
                break;
            }
            frames.add(frame.toString());
        }
        while (true) {
            ObjectNode cause = NODES.objectNode();
            cause.put("errorMessage", e.getMessage() != null ? e.getMessage() : e.getClass().getName());
            cause.put("errorType", e.getClass().getName());
            ArrayNode trace = cause.putArray("stackTrace");
            frames.forEach(trace::add);
            String text = RunRecorder.json(cause);
            if (text.length() <= CAUSE_LIMIT || frames.isEmpty()) {
                return text;
            }
            frames.remove(frames.size() - 1);
        }
    }

    /** Wall-clock time since {@code startedNanos}, in whole milliseconds as Step Functions' timestamps have. */
    private static Duration measured(long startedNanos) {
        return Duration.ofMillis((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
