package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One event of an execution's history, shaped like an entry of GetExecutionHistory's {@code events}.
 *
 * @param previousEventId the event this one follows from, with Step Functions' numbering (0 for none)
 * @param details         the type's details object, or empty for types that have none
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type,
                           Optional<EventDetails> details) {

    /**
     * The AWS CLI's rendering of a timestamp: ISO-8601 in UTC with a {@code +00:00} offset and microseconds
     * when the time has a fraction, e.g. {@code 2024-05-01T10:00:00.250000+00:00}.
     */
    public static String cliTimestamp(Instant instant) {
        String pattern = instant.getNano() == 0 ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx";
        return DateTimeFormatter.ofPattern(pattern).format(instant.atOffset(ZoneOffset.UTC));
    }

    /** This event as the CLI prints it: timestamp, type, id, previousEventId, then the details field. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("timestamp", cliTimestamp(timestamp));
        node.put("type", type.name());
        node.put("id", id);
        node.put("previousEventId", previousEventId);
        details.ifPresent(value -> node.set(type.detailsField().orElseThrow(),
                Json.mapper().valueToTree(value)));
        return node;
    }
}
