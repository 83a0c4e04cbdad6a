package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StateMachineDefinition} in-process, the way Step Functions would run it, calling each Task's
 * Lambda handler through {@link RequestStreamHandler#handleRequest} with the JSON bytes Lambda would pass.
 *
 * <p>Faithful to Step Functions: JSONata evaluation and {@code $states}, variable scopes, Retry (backoff,
 * MaxDelaySeconds, FULL jitter) and Catch with their error matching, the 256 KiB payload quota
 * ({@code States.DataLimitExceeded}), the 25,000-event history quota, TimeoutSeconds, and a history shaped
 * like GetExecutionHistory's. Waits and retries move a {@link VirtualClock} instead of sleeping.
 *
 * <p>Map iterations run on up to MaxConcurrency lanes (0 meaning 40, and anything above 40 capped at 40: Step
 * Functions accepts larger values but runs at most 40 inline iterations at once). Lanes take turns on one virtual
 * timeline, so retry waits inside iterations overlap as they would in the cloud, the history stays in time order,
 * and a run is deterministic for a given definition, input, start time, seed and handler behaviour.
 *
 * <p>Each invocation takes virtual time ({@link ExecutorOptions#invocationDuration()}, or the handler's measured
 * wall-clock time): longer than the Task's TimeoutSeconds it fails with {@code States.Timeout}, longer than the
 * function's own Lambda Timeout with {@code Sandbox.Timedout}, as Lambda reports it. There is no wall-clock bound: a
 * handler that never returns holds the run.
 *
 * <p>Assumptions where the documentation is silent: a Lambda service fault is recorded as
 * LambdaFunctionStartFailed; reaching the history quota fails with {@code States.Runtime}.
 */
public final class LocalExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final StateMachineDefinition definition;
    private final Map<String, RequestStreamHandler> functionsByArn;
    private final VirtualClock clock;
    private final ExecutorOptions options;

    /**
     * @throws DefinitionException if a Task's Resource is not among {@code functionsByArn}
     */
    public LocalExecutor(StateMachineDefinition definition, Map<String, RequestStreamHandler> functionsByArn,
                         VirtualClock clock, ExecutorOptions options) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.functionsByArn = Map.copyOf(functionsByArn);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        checkFunctions(definition.states());
    }

    private void checkFunctions(StatesBlock block) {
        for (State state : block.states().values()) {
            if (state instanceof State.Task task && !functionsByArn.containsKey(task.resource())) {
                throw new DefinitionException("state '" + task.name() + "': Resource '" + task.resource()
                        + "' is not a registered function");
            }
            if (state instanceof State.Map map) {
                if (map.maxConcurrency() > DefinitionParser.INLINE_MAP_CONCURRENCY_LIMIT) {
                    LOG.warn("state {}: MaxConcurrency {} is capped at the inline Map limit of {}", map.name(),
                            map.maxConcurrency(), DefinitionParser.INLINE_MAP_CONCURRENCY_LIMIT);
                }
                checkFunctions(map.processor());
            }
        }
    }

    /**
     * Runs one execution to its end and returns how it ended with its full history. The virtual clock is set
     * to {@code startTime} first.
     *
     * @param inputJson the execution input, a JSON text of at most 262,144 UTF-8 bytes
     * @throws IllegalArgumentException if the name or input would make StartExecution reject the call
     */
    public ExecutionResult run(String executionName, String inputJson, Instant startTime) {
        if (!EXECUTION_NAME.matcher(executionName).matches()) {
            throw new IllegalArgumentException("execution name '" + executionName
                    + "' must be 1 to 80 letters, digits, '-' or '_'");
        }
        int bytes = inputJson.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > RunRecorder.PAYLOAD_LIMIT_BYTES) {
            throw new IllegalArgumentException("execution input is " + bytes + " bytes, over the quota of "
                    + RunRecorder.PAYLOAD_LIMIT_BYTES + " (" + ErrorNames.DATA_LIMIT_EXCEEDED + ")");
        }
        JsonNode input;
        try {
            input = Json.mapper().readTree(inputJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("execution input is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (input == null || input.isMissingNode()) {
            throw new IllegalArgumentException("execution input is empty; pass \"{}\" for no input");
        }
        return new ExecutionRun(definition, functionsByArn, clock, options, executionName, input,
                Objects.requireNonNull(startTime, "startTime")).run();
    }
}
