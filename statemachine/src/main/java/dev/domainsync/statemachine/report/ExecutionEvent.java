package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One event of an execution's history as {@code GetExecutionHistory} returns it, with its type-specific
 * {@code *EventDetails} object lifted out (a missing node when the type carries none).
 */
public record ExecutionEvent(long id, long previousEventId, Instant timestamp, String type, JsonNode details) {

    /** Reads the {@code events} array of {@code {"events": [...]}}, sorted by id. */
    public static List<ExecutionEvent> listFrom(JsonNode history) {
        JsonNode events = history == null ? MissingNode.getInstance() : history.path("events");
        if (!events.isArray()) {
            throw new IllegalArgumentException("execution history must be an object with an 'events' array, "
                    + "as 'aws stepfunctions get-execution-history' prints it");
        }
        List<ExecutionEvent> parsed = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            parsed.add(from(event));
        }
        parsed.sort((a, b) -> Long.compare(a.id(), b.id()));
        return List.copyOf(parsed);
    }

    static ExecutionEvent from(JsonNode event) {
        long id = event.path("id").asLong();
        String type = event.path("type").asText("");
        if (id <= 0 || type.isEmpty()) {
            throw new IllegalArgumentException("history event without a positive 'id' and a 'type': "
                    + abbreviate(event.toString()));
        }
        return new ExecutionEvent(id, event.path("previousEventId").asLong(0), timestamp(event.path("timestamp")),
                type, detailsOf(event));
    }

    /** Text of a detail field, or empty when absent. */
    public String detail(String field) {
        JsonNode value = details.path(field);
        return value.isValueNode() ? value.asText() : "";
    }

    private static JsonNode detailsOf(JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().endsWith("EventDetails") && field.getValue().isObject()) {
                return field.getValue();
            }
        }
        return MissingNode.getInstance();
    }

    // The AWS CLI prints ISO-8601 with an offset; SDK dumps and older CLIs print epoch seconds.
    private static Instant timestamp(JsonNode value) {
        if (value.isNumber()) {
            return epochSeconds(value.decimalValue());
        }
        String text = value.asText("");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return epochSeconds(new BigDecimal(text));
            } catch (NumberFormatException notNumber) {
                throw new IllegalArgumentException("history event timestamp is neither ISO-8601 nor epoch seconds: "
                        + abbreviate(text));
            }
        }
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
