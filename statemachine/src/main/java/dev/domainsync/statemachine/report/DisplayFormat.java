package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.domainsync.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How the report writes times, durations, counts and JSON: UTC, compact units, thousands separators. The
 * command line prints a failure's cause the same way.
 */
public final class DisplayFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private DisplayFormat() {
    }

    static String time(Instant instant) {
        return TIME.format(instant) + " UTC";
    }

    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** An axis label: +0 s, +250 ms, +1.5 s, +2 min, +1 h 05 min. */
    static String offset(long millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis < 1_000) {
            return "+" + millis + " ms";
        }
        if (millis < 60_000) {
            return "+" + trim(millis / 1000.0) + " s";
        }
        if (millis < 3_600_000) {
            return "+" + trim(millis / 60_000.0) + " min";
        }
        return "+" + trim(millis / 3_600_000.0) + " h";
    }

    static String count(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }

    static String plural(long value, String singular, String plural) {
        return count(value) + " " + (value == 1 ? singular : plural);
    }

    /** A JSON string pretty printed; anything that is not JSON comes back as it was. */
    static String prettyJson(String json) {
        return HistoryReader.tree(json).map(tree -> {
            try {
                return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                return json;
            }
        }).orElse(json == null ? "" : json);
    }

    /** A Lambda error's cause is JSON with errorMessage; the message is what an operator needs first. */
    public static String causeMessage(String cause) {
        return HistoryReader.tree(cause)
                .filter(tree -> tree.path("errorMessage").isTextual())
                .map(tree -> tree.path("errorMessage").asText())
                .orElse(cause);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("\\.?0+$", "");
    }
}
