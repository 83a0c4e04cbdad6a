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
        try {
            Files.createDirectories(dir);
            AuditReport.fromHistory(result.historyJson(),
                    Json.mapper().readTree(LocalWorkflow.definitionJson(definitionResource))).writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }
}
