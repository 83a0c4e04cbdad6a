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

    static void write(ExecutionResult result, Path dir) {
        write(result, dir, LocalWorkflow.DEFINITION_RESOURCE);
    }

    /** The same for an execution of the definition at {@code definitionResource}, such as sync-stack's. */
    static void write(ExecutionResult result, Path dir, String definitionResource) {
        write(report(result, definitionResource), dir);
    }

    /** The audit report of a sync-domains run, not yet written: {@code compare} adds its comparison. */
    static AuditReport report(ExecutionResult result) {
        return report(result, LocalWorkflow.DEFINITION_RESOURCE);
    }

    private static AuditReport report(ExecutionResult result, String definitionResource) {
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
}
