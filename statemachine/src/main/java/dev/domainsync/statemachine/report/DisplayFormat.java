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

    /**
     * {@code text} for a terminal or a page, one line: every control character (line breaks, carriage returns and
     * escape sequences included), every format character (the bidi overrides and isolates, zero-width characters),
     * line and paragraph separators and unpaired surrogates written as a visible {@code <U+XXXX>}, so that a stack
     * name, a group id or an error cause can neither reorder, hide nor overwrite what is shown around it.
     */
    public static String visible(String text) {
        return neutralised(text, false);
    }

    /** As {@link #visible(String)}, but keeping line feeds and tabs, for multi-line text such as pretty JSON. */
    public static String visibleLines(String text) {
        return neutralised(text, true);
    }

    private static String neutralised(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (hidden(codePoint) && !(keepLines && (codePoint == '\n' || codePoint == '\t'))) {
                if (shown == null) {
                    shown = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                shown.append(String.format(Locale.ROOT, "<U+%04X>", codePoint));
            } else if (shown != null) {
                shown.appendCodePoint(codePoint);
            }
            i = next;
        }
        return shown == null ? text : shown.toString();
    }

    private static boolean hidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.replaceAll("\\.?0+$", "");
    }
}
