package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Context Object as {@code $states.context} shows it, and the {@code $states} a state's JSONata sees.
 * {@code State.RetryCount} only in states that can retry: AWS-recorded histories show a Pass state's {@code State}
 * as just Name and EnteredTime (LocalStack's test_context_object.snapshot.json).
 */
final class ContextObject {

    private static final DateTimeFormatter CONTEXT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String executionArn;
    private final String executionName;
    private final JsonNode executionInput;
    private final Instant startTime;
    private final ExecutorOptions options;

    ContextObject(String executionArn, String executionName, JsonNode executionInput, Instant startTime,
                  ExecutorOptions options) {
        this.executionArn = executionArn;
        this.executionName = executionName;
        this.executionInput = executionInput;
        this.startTime = startTime;
        this.options = options;
    }

    /** The context while {@code current}, entered at {@code enteredTime}, runs its attempt {@code retryCount}. */
    Map<String, Object> of(State current, Instant enteredTime, int retryCount) {
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("Id", executionArn);
        execution.put("Input", JsonataEvaluator.toJava(executionInput));
        execution.put("Name", executionName);
        execution.put("RoleArn", options.roleArn());
        execution.put("StartTime", CONTEXT_TIME.format(startTime));
        execution.put("RedriveCount", 0);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("EnteredTime", CONTEXT_TIME.format(enteredTime));
        state.put("Name", current.name());
        if (current instanceof State.Retryable) {
            state.put("RetryCount", retryCount);
        }
        Map<String, Object> stateMachine = new LinkedHashMap<>();
        stateMachine.put("Id", options.stateMachineArn());
        stateMachine.put("Name", options.stateMachineName());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("Execution", execution);
        context.put("State", state);
        context.put("StateMachine", stateMachine);
        return context;
    }

    /** {@code context} as a Map's ItemSelector sees it for the item at {@code index}. */
    static Map<String, Object> withMapItem(Map<String, Object> context, int index, JsonNode item) {
        Map<String, Object> itemContext = new LinkedHashMap<>(context);
        Map<String, Object> mapItem = new LinkedHashMap<>();
        mapItem.put("Index", index);
        mapItem.put("Value", JsonataEvaluator.toJava(item));
        itemContext.put("Map", Map.of("Item", mapItem));
        return itemContext;
    }

    /** The {@code $states} variable: the state's input and the context; a Task adds its result, a Catch its error. */
    static Map<String, Object> states(JsonNode input, Map<String, Object> context) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", JsonataEvaluator.toJava(input));
        states.put("context", context);
        return states;
    }
}
