package dev.domainsync.statemachine.cli;

import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.report.AuditReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an execution's audit trail: {@code history.json} as GetExecutionHistory returns it, and {@code report.html}. */
final class Reports {

    private Reports() {
    }

    /** The audit report of an execution of the definition at {@code definitionResource}, not yet written. */
    static AuditReport report(ExecutionResult result, String definitionResource) {
        try {
            return AuditReport.fromHistory(result.historyJson(),
                    Json.mapper().readTree(LocalWorkflow.definitionJson(definitionResource)));
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

    /** The line that tells where {@code report.html} went. */
    static String writtenLine(Path dir) {
        return "report           " + dir.resolve("report.html").toAbsolutePath();
    }
}
