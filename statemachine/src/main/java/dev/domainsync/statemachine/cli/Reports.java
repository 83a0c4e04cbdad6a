package dev.domainsync.statemachine.cli;

import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.report.AuditReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's audit trail: {@code history.json} as GetExecutionHistory returns it, and {@code report.html}. */
final class Reports {

    private Reports() {
    }

    static void write(ExecutionResult result, Path dir) {
        write(report(result), dir);
    }

    /** The audit report of the run, not yet written: {@code compare} adds its comparison. */
    static AuditReport report(ExecutionResult result) {
        try {
            return AuditReport.fromHistory(result.historyJson(), Json.mapper().readTree(LocalWorkflow.definitionJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition: " + e.getMessage(), e);
        }
    }

    static void write(AuditReport report, Path dir) {
        try {
            Files.createDirectories(dir);
            report.writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }
}
