package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.cli.FakeStepFunctions.Reply;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * GetExecutionHistory for the fake: serves a history ({@code {"events": [...]}} as the AWS CLI prints it) in
 * pages of at most {@code pageSize} (fewer if the request's maxResults says so) with opaque nextTokens, the
 * timestamps put back into the wire's epoch seconds (milliseconds, as Step Functions records them).
 */
final class HistoryPages implements Function<JsonNode, Reply> {

    private final List<JsonNode> events = new ArrayList<>();
    private final int pageSize;
    private final Map<String, Integer> offsetsByToken = new HashMap<>();
    final List<String> tokensIssued = new ArrayList<>();

    HistoryPages(JsonNode cliHistory, int pageSize) {
        cliHistory.path("events").forEach(event -> events.add(wire(event)));
        this.pageSize = pageSize;
    }

    @Override
    public synchronized Reply apply(JsonNode request) {
        int offset = 0;
        if (request.hasNonNull("nextToken")) {
            Integer known = offsetsByToken.get(request.get("nextToken").asText());
            if (known == null) {
                return Reply.error("InvalidToken", "Invalid Token: '" + request.get("nextToken").asText() + "'");
            }
            offset = known;
        }
        int size = Math.min(pageSize, request.path("maxResults").asInt(1000));
        int end = Math.min(events.size(), offset + size);
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode array = page.putArray("events");
        events.subList(offset, end).forEach(array::add);
        if (end < events.size()) {
            String token = UUID.randomUUID().toString();
            offsetsByToken.put(token, end);
            tokensIssued.add(token);
            page.put("nextToken", token);
        }
        return Reply.ok(page);
    }

    private static JsonNode wire(JsonNode cliEvent) {
        ObjectNode event = cliEvent.deepCopy();
        long millis = OffsetDateTime.parse(cliEvent.path("timestamp").asText()).toInstant().toEpochMilli();
        event.put("timestamp", BigDecimal.valueOf(millis, 3));
        return event;
    }
}
