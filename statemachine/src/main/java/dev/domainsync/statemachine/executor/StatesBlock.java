package dev.domainsync.statemachine.executor;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code StartAt} plus its {@code States}: the top level of a definition or a Map's ItemProcessor. */
public record StatesBlock(String startAt, Map<String, State> states) {

    public StatesBlock {
        states = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalStateException("no state named '" + name + "'");
        }
        return state;
    }
}
