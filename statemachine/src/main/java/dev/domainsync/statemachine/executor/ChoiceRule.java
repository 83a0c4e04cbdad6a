package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** One JSONata Choice rule: a {@code Condition}, the state it leads to and its own Output and Assign. */
public record ChoiceRule(JsonNode condition, String next, Optional<JsonNode> output, Optional<JsonNode> assign) {
}
