package dev.domainsync.statemachine.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * CloudFormation's "Stack Status Change" events as EventBridge delivers them: AWS's documented example
 * ({@code sync-stack/stack-status-change.json}) with another stack, status and time.
 */
public final class StackEvents {

    private static final ObjectNode EXAMPLE = read();

    private StackEvents() {
    }

    /** The event for {@code stackId} reaching {@code status} at {@code time}, as JSON text. */
    public static String event(String stackId, String status, Instant time) {
        return eventNode(stackId, status, time).toString();
    }

    public static ObjectNode eventNode(String stackId, String status, Instant time) {
        ObjectNode event = EXAMPLE.deepCopy();
        event.put("id", UUID.nameUUIDFromBytes((stackId + status + time).getBytes()).toString());
        event.put("time", time.toString());
        String[] arn = stackId.split(":");
        event.put("region", arn[3]);
        event.put("account", arn[4]);
        ArrayNode resources = event.putArray("resources");
        resources.add(stackId);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("stack-id", stackId);
        ((ObjectNode) detail.get("status-details")).put("status", status);
        return event;
    }

    private static ObjectNode read() {
        try (InputStream in = StackEvents.class.getResourceAsStream("sync-stack/stack-status-change.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
