package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one States block run: the top level, or one Map iteration. An iteration reads the
 * variables of the scopes around it; what it assigns stays in its own scope and is gone when it ends.
 */
final class Scope {

    private final Scope parent;
    private final Map<String, JsonNode> variables = new HashMap<>();

    private Scope(Scope parent) {
        this.parent = parent;
    }

    static Scope root() {
        return new Scope(null);
    }

    Scope child() {
        return new Scope(this);
    }

    Optional<JsonNode> lookup(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            JsonNode value = scope.variables.get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Applies a state's assignments, all evaluated beforehand against the values at state entry. */
    void assign(Map<String, JsonNode> values) {
        variables.putAll(values);
    }
}
