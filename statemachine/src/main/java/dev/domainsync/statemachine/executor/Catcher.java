package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** One entry of a state's {@code Catch}: which errors it handles and where the execution goes next. */
public record Catcher(List<String> errorEquals, String next, Optional<JsonNode> output, Optional<JsonNode> assign) {

    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
