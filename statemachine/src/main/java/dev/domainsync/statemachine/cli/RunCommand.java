package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.config.Config;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.statemachine.cli.LocalExecutions.LocalExecution;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code domain-sync run}: one execution of the real workflow, in this process, against the given database. */
@Command(name = "run", sortOptions = false,
        description = "Runs the sync-domains state machine once, in-process, with the local executor.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the execution succeeded", "1:the execution failed (error and cause on stderr)",
            "2:invalid options or snapshot (nothing ran)"})
public final class RunCommand implements Callable<Integer> {

    static final int EXIT_SUCCEEDED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LocalRunOptions local;

    @ArgGroup(exclusive = true)
    private Mode mode;

    static final class Mode {
        @Option(names = "--since", paramLabel = "ISO-8601", description = "Consider stacks changed since this time.")
        String since;

        @Option(names = "--backfill", description = "Consider every live stack, whatever its age.")
        boolean backfill;
    }

    @Option(names = "--dry-run", description = "Compute and report everything; change nothing readers see.")
    private boolean dryRun;

    @Option(names = "--force", description = "Apply even when pruning would pass the prune guard.")
    private boolean force;

    @Option(names = "--now", paramLabel = "ISO-8601",
            description = "The execution's start time (the clock since and the run record use); default: now.")
    private String now;

    @Override
    public Integer call() {
        Config config = local.config();
        Path reportDir = local.reportDir();
        Instant startTime = now == null ? Instant.now() : instant("--now", now);
        ObjectNode input = executionInput(startTime);
        StackSnapshot snapshot = local.snapshot();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = local.progress(err);
        try (LocalEnvironment environment = local.environment(config, snapshot, progress)) {
            LocalExecution execution = new LocalExecutions(environment, config, progress).syncDomains(input,
                    startTime);
            ExecutionResult result = execution.result();
            Optional<String> hint = NoDistributionHint.of(result, snapshot, config.sync());
            if (reportDir != null) {
                execution.writeReport(reportDir);
            }
            if (local.json()) {
                JsonOutput.print(out, JsonOutput.run(result, hint, reportDir));
                new RunPrinter(new PrintWriter(Writer.nullWriter()), err).summary("run", result);
            } else {
                new RunPrinter(out, err).summary("run", result, hint);
                if (reportDir != null) {
                    out.println(Reports.writtenLine(reportDir));
                }
            }
            out.flush();
            return result.succeeded() ? EXIT_SUCCEEDED : EXIT_FAILED;
        }
    }

    private ObjectNode executionInput(Instant startTime) {
        ObjectNode input = Json.mapper().createObjectNode();
        if (mode != null && mode.since != null) {
            Instant since = instant("--since", mode.since);
            refuseSinceAfterStart(spec, since, startTime, now == null ? "now" : "--now");
            input.put("since", since.toString());
        }
        if (mode != null && mode.backfill) {
            input.put("mode", "backfill");
        }
        if (dryRun) {
            input.put("dryRun", true);
        }
        if (force) {
            input.put("force", true);
        }
        try {
            ExecutionInput.parse(input);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return input;
    }

    /**
     * Refuses a {@code --since} after the execution's start time ({@code clock} says where that time came from):
     * nothing can have changed since then, so it is a mistake, not an empty run.
     */
    static void refuseSinceAfterStart(CommandSpec spec, Instant since, Instant startTime, String clock) {
        if (since.isAfter(startTime)) {
            throw new ParameterException(spec.commandLine(), "--since (" + since + ") is after the run's start time ("
                    + startTime + ", " + clock + "); nothing can have changed since a time that has not come");
        }
    }

    private Instant instant(String option, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), option + " must be an ISO-8601 time with an offset,"
                    + " such as 2026-11-28T06:00:00Z");
        }
    }
}
