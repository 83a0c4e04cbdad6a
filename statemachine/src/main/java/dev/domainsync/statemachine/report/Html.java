package dev.domainsync.statemachine.report;

/**
 * Escaping for every value the report writes into HTML or inline SVG, text and attributes alike: stack
 * names, parameters and error causes are user data, so control and bidi characters are made visible first
 * ({@link DisplayFormat#visibleLines(String)}), as the command line shows them.
 */
final class Html {

    private Html() {
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = DisplayFormat.visibleLines(value.toString());
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Escaped, after cutting to {@code max} characters with an ellipsis. */
    static String shortened(String text, int max) {
        return escape(abbreviate(text, max));
    }

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
