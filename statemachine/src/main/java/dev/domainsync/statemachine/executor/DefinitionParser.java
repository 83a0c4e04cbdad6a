package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns definition text into the executor's model, rejecting every field it does not implement.
 *
 * <p>Long because the executor's whole subset of ASL, every field it accepts and every one it refuses with the reason,
 * is meant to be read in one place.
 */
final class DefinitionParser {

    /** Step Functions runs at most 40 iterations of an inline Map at once; a larger MaxConcurrency is capped. */
    static final int INLINE_MAP_CONCURRENCY_LIMIT = 40;

    private static final Set<String> TOP_LEVEL_FIELDS =
            Set.of("Comment", "StartAt", "States", "QueryLanguage", "TimeoutSeconds", "Version");
    private static final Set<String> JSONPATH_FIELDS = Set.of("InputPath", "OutputPath", "Parameters",
            "ResultPath", "ResultSelector", "ItemsPath", "Result", "SecondsPath", "TimestampPath", "ErrorPath",
            "CausePath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath",
            "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Variable");
    private static final Set<String> SUPPORTED_TYPES =
            Set.of("Task", "Pass", "Choice", "Map", "Wait", "Succeed", "Fail");
    private static final Set<String> KNOWN_TYPES = Set.of("Task", "Pass", "Choice", "Map", "Wait", "Succeed",
            "Fail", "Parallel");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", Set.of("Next", "End", "Arguments", "Output", "Assign", "Retry", "Catch", "Resource",
                    "TimeoutSeconds"),
            "Pass", Set.of("Next", "End", "Output", "Assign"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Map", Set.of("Next", "End", "Output", "Assign", "Retry", "Catch", "Items", "ItemSelector",
                    "ItemProcessor", "MaxConcurrency"),
            "Wait", Set.of("Next", "End", "Seconds", "Timestamp", "Output", "Assign"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"));
    /** Distributed Map fields that Step Functions rejects in an inline Map. */
    private static final Set<String> DISTRIBUTED_MAP_FIELDS = Set.of("ToleratedFailureCount",
            "ToleratedFailurePercentage");
    private static final Set<String> COMMON_FIELDS = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
    private static final Set<String> CHOICE_RULE_FIELDS = Set.of("Condition", "Next", "Output", "Assign", "Comment");
    private static final Set<String> PROCESSOR_FIELDS = Set.of("ProcessorConfig", "StartAt", "States", "Comment");
    private static final Pattern LAMBDA_ARN =
            Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");

    private final Set<String> stateNames = new HashSet<>();

    private DefinitionParser() {
    }

    static StateMachineDefinition parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new DefinitionException("definition is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new DefinitionException("definition must be a JSON object");
        }
        return new DefinitionParser().topLevel((ObjectNode) root);
    }

    private StateMachineDefinition topLevel(ObjectNode root) {
        root.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                throw new DefinitionException("top-level field '" + field + "' is not supported");
            }
        });
        String language = root.path("QueryLanguage").asText("JSONPath");
        if (!"JSONata".equals(language)) {
            throw new DefinitionException("QueryLanguage '" + language
                    + "' is not supported: the local executor runs only \"QueryLanguage\": \"JSONata\" definitions");
        }
        if (root.has("Version") && !"1.0".equals(root.get("Version").asText())) {
            throw new DefinitionException("Version '" + root.get("Version").asText() + "' is not supported");
        }
        OptionalLong timeout = OptionalLong.empty();
        if (root.has("TimeoutSeconds")) {
            timeout = OptionalLong.of(positiveInteger(root.get("TimeoutSeconds"), "top level", "TimeoutSeconds"));
        }
        StatesBlock states = block(root, "top level", List.of());
        String comment = root.has("Comment") ? root.get("Comment").asText() : null;
        return new StateMachineDefinition(comment, states, timeout);
    }

    /** Parses StartAt and States; {@code outerVariables} are the names assigned in enclosing blocks. */
    private StatesBlock block(JsonNode node, String where, List<Set<String>> outerVariables) {
        JsonNode startAt = node.get("StartAt");
        if (startAt == null || !startAt.isTextual()) {
            throw new DefinitionException(where + ": field 'StartAt' is required");
        }
        JsonNode statesNode = node.get("States");
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            throw new DefinitionException(where + ": field 'States' must be a non-empty object");
        }
        Set<String> assigned = assignedVariables(statesNode);
        for (Set<String> outer : outerVariables) {
            for (String name : assigned) {
                if (outer.contains(name)) {
                    throw new DefinitionException(where + ": variable '" + name
                            + "' is assigned in an outer scope and cannot be assigned inside a Map");
                }
            }
        }
        List<Set<String>> scopes = new ArrayList<>(outerVariables);
        scopes.add(assigned);
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
                throw new DefinitionException("state name '" + name + "' must be 1 to 80 characters");
            }
            if (!stateNames.add(name)) {
                throw new DefinitionException("state name '" + name + "' is used more than once");
            }
            states.put(name, state(name, entry.getValue(), scopes));
        }
        if (!states.containsKey(startAt.asText())) {
            throw new DefinitionException(where + ": StartAt '" + startAt.asText() + "' is not a state in its States");
        }
        for (State state : states.values()) {
            for (String target : targets(state)) {
                if (!states.containsKey(target)) {
                    throw new DefinitionException("state '" + state.name() + "': transition to '" + target
                            + "', which is not a state in the same States block");
                }
            }
        }
        return new StatesBlock(startAt.asText(), states);
    }

    private State state(String name, JsonNode node, List<Set<String>> scopes) {
        if (!node.isObject()) {
            throw new DefinitionException("state '" + name + "' must be a JSON object");
        }
        String type = node.path("Type").asText("");
        if (!KNOWN_TYPES.contains(type)) {
            throw new DefinitionException("state '" + name + "': Type '" + type + "' is not a state type");
        }
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new DefinitionException("state '" + name + "': state type '" + type + "' is not supported");
        }
        String where = "state '" + name + "'";
        Set<String> allowed = FIELDS.get(type);
        node.fieldNames().forEachRemaining(field -> {
            if (COMMON_FIELDS.contains(field) || allowed.contains(field)) {
                return;
            }
            if ("Map".equals(type) && DISTRIBUTED_MAP_FIELDS.contains(field)) {
                throw new DefinitionException(where + ": field '" + field + "' belongs to a Distributed Map "
                        + "(ProcessorConfig Mode DISTRIBUTED) and is not allowed in an inline Map");
            }
            if (JSONPATH_FIELDS.contains(field)) {
                throw new DefinitionException(where + ": field '" + field
                        + "' is not supported (QueryLanguage JSONata)");
            }
            throw new DefinitionException(where + ": field '" + field + "' is not supported in a " + type + " state");
        });
        if (node.has("QueryLanguage") && !"JSONata".equals(node.get("QueryLanguage").asText())) {
            throw new DefinitionException(where + ": QueryLanguage '" + node.get("QueryLanguage").asText()
                    + "' is not supported (QueryLanguage JSONata)");
        }
        Optional<JsonNode> output = template(node, "Output", where);
        Optional<JsonNode> assign = assign(node, where);
        return switch (type) {
            case "Task" -> new State.Task(name, resource(node, where), template(node, "Arguments", where), output,
                    assign, optionalPositive(node, "TimeoutSeconds", where), retriers(node, where),
                    catchers(node, where), transition(node, where));
            case "Pass" -> new State.Pass(name, output, assign, transition(node, where));
            case "Choice" -> choice(name, node, where, output, assign);
            case "Map" -> map(name, node, where, output, assign, scopes);
            case "Wait" -> waitState(name, node, where, output, assign);
            case "Succeed" -> new State.Succeed(name, output);
            case "Fail" -> new State.Fail(name, template(node, "Error", where), template(node, "Cause", where));
            default -> throw new IllegalStateException(type);
        };
    }

    private State choice(String name, JsonNode node, String where, Optional<JsonNode> output,
                         Optional<JsonNode> assign) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new DefinitionException(where + ": field 'Choices' must be a non-empty array");
        }
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode rule = choices.get(i);
            String ruleWhere = where + ": Choices[" + i + "]";
            if (!rule.isObject()) {
                throw new DefinitionException(ruleWhere + " must be an object");
            }
            rule.fieldNames().forEachRemaining(field -> {
                if (!CHOICE_RULE_FIELDS.contains(field)) {
                    throw new DefinitionException(ruleWhere + ": field '" + field
                            + "' is not supported (QueryLanguage JSONata Choice rules take Condition)");
                }
            });
            JsonNode condition = rule.get("Condition");
            if (condition == null || !(condition.isBoolean() || isExpression(condition))) {
                throw new DefinitionException(ruleWhere + ": field 'Condition' must be a boolean or a JSONata string");
            }
            checkExpressions(condition, ruleWhere, "Condition");
            rules.add(new ChoiceRule(condition, text(rule, "Next", ruleWhere), template(rule, "Output", ruleWhere),
                    assign(rule, ruleWhere)));
        }
        Optional<String> defaultState = node.has("Default") ? Optional.of(text(node, "Default", where))
                : Optional.empty();
        return new State.Choice(name, rules, defaultState, output, assign);
    }

    private State map(String name, JsonNode node, String where, Optional<JsonNode> output,
                      Optional<JsonNode> assign, List<Set<String>> scopes) {
        JsonNode processor = node.get("ItemProcessor");
        if (processor == null || !processor.isObject()) {
            throw new DefinitionException(where + ": field 'ItemProcessor' is required");
        }
        processor.fieldNames().forEachRemaining(field -> {
            if (!PROCESSOR_FIELDS.contains(field)) {
                throw new DefinitionException(where + ": ItemProcessor field '" + field + "' is not supported");
            }
        });
        JsonNode config = processor.path("ProcessorConfig");
        config.fieldNames().forEachRemaining(field -> {
            if (!"Mode".equals(field)) {
                throw new DefinitionException(where + ": ProcessorConfig field '" + field + "' is not supported");
            }
        });
        String mode = config.path("Mode").asText("INLINE");
        if (!"INLINE".equals(mode)) {
            throw new DefinitionException(where + ": ProcessorConfig Mode '" + mode
                    + "' is not supported (inline Map only)");
        }
        int maxConcurrency = 0;
        if (node.has("MaxConcurrency")) {
            JsonNode value = node.get("MaxConcurrency");
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
                throw new DefinitionException(where + ": field 'MaxConcurrency' must be a non-negative integer");
            }
            maxConcurrency = value.asInt();
        }
        Optional<JsonNode> items = template(node, "Items", where);
        if (items.isPresent() && !items.get().isArray() && !isExpression(items.get())) {
            throw new DefinitionException(where + ": field 'Items' must be an array or a JSONata string");
        }
        StatesBlock block = block(processor, where + ": ItemProcessor", scopes);
        return new State.Map(name, items, template(node, "ItemSelector", where), block, maxConcurrency,
                output, assign, retriers(node, where), catchers(node, where), transition(node, where));
    }

    private State waitState(String name, JsonNode node, String where, Optional<JsonNode> output,
                            Optional<JsonNode> assign) {
        Optional<JsonNode> seconds = template(node, "Seconds", where);
        Optional<JsonNode> timestamp = template(node, "Timestamp", where);
        if (seconds.isPresent() == timestamp.isPresent()) {
            throw new DefinitionException(where + ": exactly one of 'Seconds' or 'Timestamp' is required");
        }
        seconds.ifPresent(value -> {
            if (!isExpression(value) && (!value.isIntegralNumber() || value.asLong() < 0)) {
                throw new DefinitionException(where + ": field 'Seconds' must be a non-negative integer");
            }
        });
        timestamp.ifPresent(value -> {
            if (!value.isTextual()) {
                throw new DefinitionException(where + ": field 'Timestamp' must be a string");
            }
        });
        return new State.Wait(name, seconds, timestamp, output, assign, transition(node, where));
    }

    private static String resource(JsonNode node, String where) {
        String resource = text(node, "Resource", where);
        if (!LAMBDA_ARN.matcher(resource).matches()) {
            throw new DefinitionException(where + ": Resource '" + resource
                    + "' is not supported: only Lambda function ARNs (arn:aws:lambda:...:function:NAME)");
        }
        return resource;
    }

    private static List<Retrier> retriers(JsonNode node, String where) {
        JsonNode retry = node.get("Retry");
        if (retry == null) {
            return List.of();
        }
        if (!retry.isArray()) {
            throw new DefinitionException(where + ": field 'Retry' must be an array");
        }
        List<Retrier> retriers = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode entry = retry.get(i);
            String entryWhere = where + ": Retry[" + i + "]";
            entry.fieldNames().forEachRemaining(field -> {
                if (!RETRIER_FIELDS.contains(field)) {
                    throw new DefinitionException(entryWhere + ": field '" + field + "' is not supported");
                }
            });
            List<String> errors = errorEquals(entry, entryWhere, i == retry.size() - 1);
            long interval = entry.has("IntervalSeconds")
                    ? positiveInteger(entry.get("IntervalSeconds"), entryWhere, "IntervalSeconds")
                    : Retrier.DEFAULT_INTERVAL_SECONDS;
            int maxAttempts = Retrier.DEFAULT_MAX_ATTEMPTS;
            if (entry.has("MaxAttempts")) {
                JsonNode value = entry.get("MaxAttempts");
                if (!value.isIntegralNumber() || value.asInt() < 0) {
                    throw new DefinitionException(entryWhere + ": field 'MaxAttempts' must be a non-negative integer");
                }
                maxAttempts = value.asInt();
            }
            double backoff = Retrier.DEFAULT_BACKOFF_RATE;
            if (entry.has("BackoffRate")) {
                JsonNode value = entry.get("BackoffRate");
                if (!value.isNumber() || value.asDouble() < 1.0) {
                    throw new DefinitionException(entryWhere + ": field 'BackoffRate' must be a number >= 1.0");
                }
                backoff = value.asDouble();
            }
            OptionalLong maxDelay = entry.has("MaxDelaySeconds")
                    ? OptionalLong.of(positiveInteger(entry.get("MaxDelaySeconds"), entryWhere, "MaxDelaySeconds"))
                    : OptionalLong.empty();
            String jitter = entry.path("JitterStrategy").asText("NONE");
            if (!"FULL".equals(jitter) && !"NONE".equals(jitter)) {
                throw new DefinitionException(entryWhere + ": JitterStrategy '" + jitter
                        + "' is not supported (FULL or NONE)");
            }
            retriers.add(new Retrier(errors, interval, maxAttempts, backoff, maxDelay, "FULL".equals(jitter)));
        }
        return retriers;
    }

    private static List<Catcher> catchers(JsonNode node, String where) {
        JsonNode catchNode = node.get("Catch");
        if (catchNode == null) {
            return List.of();
        }
        if (!catchNode.isArray()) {
            throw new DefinitionException(where + ": field 'Catch' must be an array");
        }
        List<Catcher> catchers = new ArrayList<>();
        for (int i = 0; i < catchNode.size(); i++) {
            JsonNode entry = catchNode.get(i);
            String entryWhere = where + ": Catch[" + i + "]";
            entry.fieldNames().forEachRemaining(field -> {
                if (!CATCHER_FIELDS.contains(field)) {
                    String reason = JSONPATH_FIELDS.contains(field) ? " (QueryLanguage JSONata)" : "";
                    throw new DefinitionException(entryWhere + ": field '" + field + "' is not supported" + reason);
                }
            });
            catchers.add(new Catcher(errorEquals(entry, entryWhere, i == catchNode.size() - 1),
                    text(entry, "Next", entryWhere), template(entry, "Output", entryWhere), assign(entry, entryWhere)));
        }
        return catchers;
    }

    private static List<String> errorEquals(JsonNode entry, String where, boolean last) {
        JsonNode node = entry.get("ErrorEquals");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new DefinitionException(where + ": field 'ErrorEquals' must be a non-empty array");
        }
        List<String> errors = new ArrayList<>();
        node.forEach(error -> {
            if (!error.isTextual()) {
                throw new DefinitionException(where + ": ErrorEquals entries must be strings");
            }
            errors.add(error.asText());
        });
        if (errors.contains(ErrorNames.ALL) && (errors.size() > 1 || !last)) {
            throw new DefinitionException(where + ": States.ALL must appear alone and in the last entry");
        }
        return errors;
    }

    private static Optional<JsonNode> assign(JsonNode node, String where) {
        JsonNode assign = node.get("Assign");
        if (assign == null) {
            return Optional.empty();
        }
        if (!assign.isObject()) {
            throw new DefinitionException(where + ": field 'Assign' must be a JSON object");
        }
        assign.fieldNames().forEachRemaining(variable -> {
            if ("states".equals(variable)) {
                throw new DefinitionException(where + ": field 'Assign' cannot assign the reserved variable 'states'");
            }
            if (!VARIABLE_NAME.matcher(variable).matches() || variable.length() > 80) {
                throw new DefinitionException(where + ": field 'Assign': '" + variable + "' is not a variable name");
            }
        });
        checkExpressions(assign, where, "Assign");
        return Optional.of(assign);
    }

    private static Optional<JsonNode> template(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return Optional.empty();
        }
        checkExpressions(value, where, field);
        return Optional.of(value);
    }

    /** Parses every JSONata string once so a syntax error is a load error, not a run-time surprise. */
    private static void checkExpressions(JsonNode value, String where, String field) {
        if (value.isTextual()) {
            String text = value.asText();
            if (text.startsWith("{%") && !isExpression(value)) {
                throw new DefinitionException(where + ": field '" + field
                        + "': a JSONata string must start with '{%' and end with '%}'");
            }
            if (isExpression(value)) {
                try {
                    JsonataEvaluator.parse(JsonataEvaluator.expressionOf(text));
                } catch (RuntimeException e) {
                    throw new DefinitionException(where + ": field '" + field + "': JSONata expression '"
                            + JsonataEvaluator.expressionOf(text) + "' does not parse: " + e.getMessage(), e);
                }
            }
        } else if (value.isObject()) {
            value.properties().forEach(entry -> checkExpressions(entry.getValue(), where,
                    field + "/" + entry.getKey()));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkExpressions(value.get(i), where, field + "/" + i);
            }
        }
    }

    static boolean isExpression(JsonNode value) {
        return value.isTextual() && JsonataEvaluator.isExpression(value.asText());
    }

    private static State.Transition transition(JsonNode node, String where) {
        boolean end = node.path("End").asBoolean(false);
        if (node.has("End") && !node.get("End").isBoolean()) {
            throw new DefinitionException(where + ": field 'End' must be a boolean");
        }
        boolean hasNext = node.has("Next");
        if (hasNext == end) {
            throw new DefinitionException(where + ": exactly one of 'Next' or \"End\": true is required");
        }
        return end ? State.Transition.end() : State.Transition.to(text(node, "Next", where));
    }

    private static List<String> targets(State state) {
        List<String> targets = new ArrayList<>();
        if (state instanceof State.Task task) {
            task.transition().next().ifPresent(targets::add);
            task.catchers().forEach(c -> targets.add(c.next()));
        } else if (state instanceof State.Map map) {
            map.transition().next().ifPresent(targets::add);
            map.catchers().forEach(c -> targets.add(c.next()));
        } else if (state instanceof State.Pass pass) {
            pass.transition().next().ifPresent(targets::add);
        } else if (state instanceof State.Wait wait) {
            wait.transition().next().ifPresent(targets::add);
        } else if (state instanceof State.Choice choice) {
            choice.choices().forEach(rule -> targets.add(rule.next()));
            choice.defaultState().ifPresent(targets::add);
        }
        return targets;
    }

    /** The names assigned by any state of one States block (not its nested Map blocks). */
    private static Set<String> assignedVariables(JsonNode states) {
        Set<String> names = new HashSet<>();
        states.forEach(state -> {
            state.path("Assign").fieldNames().forEachRemaining(names::add);
            state.path("Choices").forEach(rule -> rule.path("Assign").fieldNames().forEachRemaining(names::add));
            state.path("Catch").forEach(c -> c.path("Assign").fieldNames().forEachRemaining(names::add));
        });
        return names;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static OptionalLong optionalPositive(JsonNode node, String field, String where) {
        return node.has(field) ? OptionalLong.of(positiveInteger(node.get(field), where, field)) : OptionalLong.empty();
    }

    private static long positiveInteger(JsonNode value, String where, String field) {
        if (!value.isIntegralNumber() || value.asLong() <= 0) {
            throw new DefinitionException(where + ": field '" + field + "' must be a positive integer"
                    + (isExpression(value) ? " (JSONata is not supported here)" : ""));
        }
        return value.asLong();
    }
}
