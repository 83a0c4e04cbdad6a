package dev.domainsync.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The execution input an operator or the schedule gives, validated strictly: {@code {}}, {@code since},
 * {@code mode: "backfill"}, {@code dryRun}, {@code force}, and a free-text {@code Comment} (the console's
 * default input carries one). Anything else is rejected by name.
 */
public record ExecutionInput(Instant since, boolean backfill, boolean dryRun, boolean force, String comment) {

    public static final Set<String> FIELDS = Set.of("since", "mode", "dryRun", "force", "Comment");

    public static ExecutionInput scheduled() {
        return new ExecutionInput(null, false, false, false, null);
    }

    public ExecutionInput {
        if (since != null && backfill) {
            throw new InvalidInputException("execution input: give either 'since' or 'mode': 'backfill', not both");
        }
    }

    /** Parses and validates the raw execution input; null or {@code {}} is a scheduled run. */
    public static ExecutionInput parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return scheduled();
        }
        if (!node.isObject()) {
            throw new InvalidInputException("execution input must be a JSON object, got " + node.getNodeType());
        }
        Instant since = null;
        boolean backfill = false;
        boolean dryRun = false;
        boolean force = false;
        String comment = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "since" -> since = parseSince(value);
                case "mode" -> backfill = parseMode(value);
                case "dryRun" -> dryRun = parseBoolean("dryRun", value);
                case "force" -> force = parseBoolean("force", value);
                case "Comment" -> comment = parseComment(value);
                default -> throw new InvalidInputException("execution input: unknown field '" + field.getKey()
                        + "'; allowed: since, mode, dryRun, force, Comment");
            }
        }
        return new ExecutionInput(since, backfill, dryRun, force, comment);
    }

    private static Instant parseSince(JsonNode value) {
        if (!value.isTextual()) {
            throw new InvalidInputException("execution input: 'since' must be an ISO-8601 timestamp string such as "
                    + "\"2026-01-31T00:00:00Z\", got " + value.getNodeType());
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("execution input: 'since' is not an ISO-8601 timestamp with an offset "
                    + "(such as \"2026-01-31T00:00:00Z\"): " + abbreviate(value.asText()));
        }
    }

    private static boolean parseMode(JsonNode value) {
        if (value.isTextual() && value.asText().equals("backfill")) {
            return true;
        }
        throw new InvalidInputException("execution input: 'mode' may only be \"backfill\", got "
                + abbreviate(value.toString()));
    }

    private static boolean parseBoolean(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw new InvalidInputException("execution input: '" + name + "' must be true or false, got "
                    + abbreviate(value.toString()));
        }
        return value.booleanValue();
    }

    private static String parseComment(JsonNode value) {
        if (!value.isTextual() || value.asText().length() > 1000) {
            throw new InvalidInputException("execution input: 'Comment' must be a string of at most 1000 characters");
        }
        return value.asText();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
