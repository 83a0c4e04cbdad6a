package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.config.Config;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.report.AuditReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * The one path by which the commands (run, compare, on-event, demo) run a real definition in this process: the step
 * functions built over the environment, the execution named and started on the local executor with its progress on
 * stderr, and its audit report written with the definition it ran.
 */
final class LocalExecutions {

    private final LocalEnvironment environment;
    private final Config config;
    private final Progress progress;

    LocalExecutions(LocalEnvironment environment, Config config, Progress progress) {
        this.environment = environment;
        this.config = config;
        this.progress = progress;
    }

    /** One execution of sync-domains, the scheduled workflow, against the environment's registry. */
    LocalExecution syncDomains(JsonNode input, Instant startTime) {
        return syncDomains(environment.registry(), input, startTime);
    }

    /** The same through {@code registry}, such as compare's, which previews the table instead of writing it. */
    LocalExecution syncDomains(DomainRegistry registry, JsonNode input, Instant startTime) {
        LocalFunctions functions = LocalFunctions.create(registry, environment.catalog(), config.sync());
        String name = name("local-", startTime);
        ExecutionResult result = execute(new LocalWorkflow(functions, options(LocalWorkflow.STATE_MACHINE_NAME)),
                name, input, startTime, "execution " + name + " starting at " + startTime + " with input " + input);
        return new LocalExecution(result, LocalWorkflow.DEFINITION_RESOURCE);
    }

    /** One execution of sync-stack, the event path, for a CloudFormation stack status change event. */
    LocalExecution syncStack(JsonNode event, Instant startTime) {
        LocalFunctions functions = LocalFunctions.syncStack(environment.stackEvents(), environment.catalog(),
                config.sync());
        String name = name("local-event-", startTime);
        ExecutionResult result = execute(
                LocalWorkflow.syncStack(functions, options(LocalWorkflow.SYNC_STACK_STATE_MACHINE_NAME)), name, event,
                startTime, "execution " + name + " for the stack event " + event.path("id").asText());
        return new LocalExecution(result, LocalWorkflow.SYNC_STACK_DEFINITION_RESOURCE);
    }

    private ExecutionResult execute(LocalWorkflow workflow, String name, JsonNode input, Instant startTime,
            String announcement) {
        progress.reset();
        progress.line(announcement);
        ExecutionResult result = workflow.execute(name, input.toString(), startTime);
        progress.endLine();
        return result;
    }

    private ExecutorOptions options(String stateMachineName) {
        return ExecutorOptions.defaults(stateMachineName).withListener(progress).withMeasuredInvocations();
    }

    private static String name(String prefix, Instant startTime) {
        return prefix + startTime.getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A finished local execution and the definition it ran, which its report draws. */
    record LocalExecution(ExecutionResult result, String definitionResource) {

        boolean succeeded() {
            return result.succeeded();
        }

        /** Its audit report, not yet written: {@code compare} adds its comparison. */
        AuditReport report() {
            return Reports.report(result, definitionResource);
        }

        /** Writes {@code history.json} and {@code report.html} to {@code dir}, created if missing. */
        void writeReport(Path dir) {
            Reports.write(report(), dir);
        }
    }
}
