package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state machine definition as the graph draws it: the states in the order the file lists them, their
 * transitions, and a Map's inner states as a definition of their own.
 */
public record WorkflowDefinition(String startAt, List<StateDefinition> states) {

    public WorkflowDefinition {
        states = List.copyOf(states);
    }

    /** One state: its type, its outgoing transitions, whether it retries, and a Map's item processor. */
    public record StateDefinition(
            String name,
            String type,
            String comment,
            List<Transition> transitions,
            boolean end,
            boolean retries,
            Optional<WorkflowDefinition> processor) {

        public StateDefinition {
            transitions = List.copyOf(transitions);
        }

        public boolean terminal() {
            return end || type.equals("Succeed") || type.equals("Fail");
        }
    }

    /** An edge of the graph; {@code label} is a Choice condition or a Catch's error names, else empty. */
    public record Transition(String target, Kind kind, String label) {

        /** Why the execution may take the edge. */
        public enum Kind {
            NEXT,
            CHOICE,
            DEFAULT,
            CATCH
        }
    }

    /** Reads an ASL definition (JSONata or JSONPath); Map states' ItemProcessor (or Iterator) nest. */
    public static WorkflowDefinition parse(JsonNode definition) {
        JsonNode states = definition == null ? null : definition.get("States");
        if (states == null || !states.isObject() || !definition.path("StartAt").isTextual()) {
            throw new IllegalArgumentException("state machine definition must have 'StartAt' and a 'States' object");
        }
        List<StateDefinition> parsed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            parsed.add(state(entry.getKey(), entry.getValue()));
        }
        return new WorkflowDefinition(definition.path("StartAt").asText(), parsed);
    }

    public Optional<StateDefinition> state(String name) {
        return states.stream().filter(state -> state.name().equals(name)).findFirst();
    }

    /** The names of every state, inner states of Maps included. */
    public Set<String> allStateNames() {
        Set<String> names = new HashSet<>();
        for (StateDefinition state : states) {
            names.add(state.name());
            state.processor().ifPresent(inner -> names.addAll(inner.allStateNames()));
        }
        return names;
    }

    /**
     * The states the execution reaches only through a Catch (FailRun and Failed here): the failure path. A
     * visit there means the run failed, whatever the handler's own task did.
     */
    public Set<String> failurePath() {
        Set<String> normal = reachable(false);
        Set<String> failure = reachable(true);
        failure.removeAll(normal);
        return failure;
    }

    private Set<String> reachable(boolean throughCatch) {
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(startAt));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            state(name).ifPresent(state -> state.transitions().stream()
                    .filter(transition -> throughCatch || transition.kind() != Transition.Kind.CATCH)
                    .forEach(transition -> pending.push(transition.target())));
        }
        return seen;
    }

    private static StateDefinition state(String name, JsonNode state) {
        List<Transition> transitions = new ArrayList<>();
        if (state.path("Next").isTextual()) {
            transitions.add(new Transition(state.path("Next").asText(), Transition.Kind.NEXT, ""));
        }
        for (JsonNode choice : state.path("Choices")) {
            transitions.add(new Transition(choice.path("Next").asText(), Transition.Kind.CHOICE, condition(choice)));
        }
        if (state.path("Default").isTextual()) {
            transitions.add(new Transition(state.path("Default").asText(), Transition.Kind.DEFAULT, "Default"));
        }
        for (JsonNode handler : state.path("Catch")) {
            List<String> errors = new ArrayList<>();
            handler.path("ErrorEquals").forEach(error -> errors.add(error.asText()));
            transitions.add(new Transition(handler.path("Next").asText(), Transition.Kind.CATCH,
                    String.join(", ", errors)));
        }
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        return new StateDefinition(name, state.path("Type").asText(""), state.path("Comment").asText(""),
                transitions, state.path("End").asBoolean(false), state.path("Retry").size() > 0,
                processor == null ? Optional.empty() : Optional.of(parse(processor)));
    }

    // JSONata conditions read best without their {% %} fence; JSONPath rules as "variable operator".
    private static String condition(JsonNode choice) {
        String condition = choice.path("Condition").asText("").trim();
        if (condition.startsWith("{%") && condition.endsWith("%}")) {
            return condition.substring(2, condition.length() - 2).trim();
        }
        if (!condition.isEmpty()) {
            return condition;
        }
        String variable = choice.path("Variable").asText("");
        for (Iterator<String> names = choice.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!field.equals("Variable") && !field.equals("Next")) {
                return (variable + " " + field).trim();
            }
        }
        return variable;
    }
}
