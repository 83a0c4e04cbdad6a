package dev.domainsync.statemachine.cli;

import static dev.domainsync.statemachine.executor.HistoryEvent.cliTimestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The SDK's history events as {@code aws stepfunctions get-execution-history} prints them: every field under
 * the name the API's JSON gives it (the SDK model's own marshalling names, so no event or detail type is
 * left out), absent fields omitted, timestamps in the CLI's ISO-8601 form, the same as a local run's history.
 */
final class ExecutionHistoryJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExecutionHistoryJson() {
    }

    /** {@code {"events": [...]}} in the order given. */
    static ObjectNode of(List<HistoryEvent> events) {
        ObjectNode root = NODES.objectNode();
        ArrayNode array = root.putArray("events");
        events.forEach(event -> array.add(value(event)));
        return root;
    }

    private static JsonNode value(Object value) {
        if (value instanceof SdkPojo pojo) {
            ObjectNode node = NODES.objectNode();
            for (SdkField<?> field : pojo.sdkFields()) {
                Object member = field.getValueOrDefault(pojo);
                if (present(member)) {
                    node.set(field.locationName(), value(member));
                }
            }
            return node;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((key, member) -> node.set(String.valueOf(key), value(member)));
            return node;
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(cliTimestamp(instant));
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Float number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigDecimal number) {
            return NODES.numberNode(number);
        }
        throw new IllegalArgumentException("no JSON form for a history field of type " + value.getClass().getName());
    }

    // An absent list or map reads back as an empty auto-construct one; the API sent nothing.
    private static boolean present(Object member) {
        return member != null && !(member instanceof SdkAutoConstructList) && !(member instanceof SdkAutoConstructMap);
    }
}
