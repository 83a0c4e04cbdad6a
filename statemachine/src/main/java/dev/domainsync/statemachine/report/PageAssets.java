package dev.domainsync.statemachine.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page's one inline style sheet and one inline script, kept as {@code report.css} and {@code report.js} beside
 * this class: the console's neutral palette, system fonts, no external resource. The page inlines them and names
 * them in its Content-Security-Policy by the SHA-256 of this very text.
 */
final class PageAssets {

    static final String CSS = resource("report.css");
    static final String SCRIPT = resource("report.js");

    private PageAssets() {
    }

    private static String resource(String name) {
        try (InputStream in = PageAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report's " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report's " + name, e);
        }
    }
}
