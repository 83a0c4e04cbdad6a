package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hand-written histories beside these tests, and the real definition file of the module. */
final class Fixtures {

    static final String SUCCESS = "success-two-pages-with-retry.json";
    static final String FAILED = "failed-prune-guard.json";
    static final String DRY_RUN = "dry-run-backfill.json";
    static final String HOSTILE = "hostile-names.json";

    private Fixtures() {
    }

    static JsonNode history(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name + " beside " + Fixtures.class.getName());
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Surefire runs in the module directory, where the definition lives.
    static JsonNode definition() {
        try {
            return Json.mapper().readTree(Files.readString(Path.of("sync-domains.asl.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AuditReport report(String name) {
        return AuditReport.fromHistory(history(name), definition());
    }

    static ExecutionTrail trail(String name) {
        return HistoryReader.read(ExecutionEvent.listFrom(history(name)));
    }
}
