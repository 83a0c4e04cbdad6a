package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.config.Config;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.statemachine.LocalFunctions;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.InvalidSnapshotException;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code domain-sync run}: one execution of the real workflow, in this process, against the given database. */
@Command(name = "run", sortOptions = false,
        description = "Runs the sync-domains state machine once, in-process, with the local executor.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the execution succeeded", "1:the execution failed (error and cause on stderr)",
            "2:invalid options or snapshot"})
public final class RunCommand implements Callable<Integer> {

    static final int EXIT_SUCCEEDED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to sync, e.g. jdbc:postgresql://host:5432/db?user=U&password=P."
                    + " Without it, an embedded PostgreSQL lives as long as this process.")
    private String jdbcUrl;

    @ArgGroup(exclusive = true)
    private Source source;

    static final class Source {
        @Option(names = "--stacks-snapshot", paramLabel = "FILE",
                description = "Read the stacks from a snapshot ({\"Stacks\": [...]} as describe-stacks prints it).")
        Path snapshot;

        @ArgGroup(exclusive = false)
        Aws aws;
    }

    static final class Aws {
        @Option(names = "--region", paramLabel = "R", required = true,
                description = "Read real CloudFormation in this region (default AWS credentials chain).")
        String region;

        @Option(names = "--endpoint-url", paramLabel = "URL", description = "A CloudFormation endpoint to use instead.")
        String endpointUrl;
    }

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

    @Option(names = "--description-pattern", paramLabel = "RE",
            description = "Java regex found in a distribution stack's template description (default (?i)cloudfront).")
    private String descriptionPattern;

    @Option(names = "--domain-parameter", paramLabel = "KEY", description = "Default CustomDomainName.")
    private String domainParameter;

    @Option(names = "--group-parameter", paramLabel = "KEY", description = "Default GroupId.")
    private String groupParameter;

    @Option(names = "--report", paramLabel = "DIR", description = "Write history.json and report.html here.")
    private Path reportDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    @Override
    public Integer call() {
        Config config = config();
        Instant startTime = now == null ? Instant.now() : instant("--now", now);
        ObjectNode input = executionInput(startTime);
        StackSnapshot snapshot = snapshot();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.to(err);
        RunPrinter printer = new RunPrinter(out, err);
        try (LocalEnvironment environment = localEnvironment(config, progress)) {
            if (snapshot != null) {
                environment.serving(snapshot, FaultPlan.none());
            } else {
                environment.readingCloudFormation(config);
            }
            ExecutionResult result = execute(environment, config, input, startTime, progress);
            printer.summary("run", result);
            if (reportDir != null) {
                Reports.write(result, reportDir);
                out.println("report           " + reportDir.resolve("report.html").toAbsolutePath());
            }
            return result.succeeded() ? EXIT_SUCCEEDED : EXIT_FAILED;
        }
    }

    private LocalEnvironment localEnvironment(Config config, Progress progress) {
        try {
            return LocalEnvironment.withDatabase(jdbcUrl, config, progress);
        } catch (Config.InvalidConfigException e) {
            // A JDBC URL with a typo is an option error, said before anything runs.
            throw new ParameterException(spec.commandLine(), "--jdbc-url: " + e.getMessage());
        }
    }

    /** Runs one execution, showing its progress as it goes. */
    static ExecutionResult execute(LocalEnvironment environment, Config config, ObjectNode input, Instant startTime,
            Progress progress) {
        LocalFunctions functions = LocalFunctions.create(environment.registry(), environment.catalog(), config.sync());
        ExecutorOptions options = ExecutorOptions.defaults(LocalWorkflow.STATE_MACHINE_NAME)
                .withListener(progress)
                .withMeasuredInvocations();
        String name = "local-" + startTime.getEpochSecond() + "-" + UUID.randomUUID().toString().substring(0, 8);
        progress.reset();
        progress.line("execution " + name + " starting at " + startTime + " with input " + input);
        ExecutionResult result = new LocalWorkflow(functions, options).execute(name, input.toString(), startTime);
        progress.endLine();
        return result;
    }

    private Config config() {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "DESCRIPTION_PATTERN", descriptionPattern);
        put(env, "DOMAIN_PARAMETER", domainParameter);
        put(env, "GROUP_PARAMETER", groupParameter);
        if (source != null && source.aws != null) {
            put(env, "AWS_REGION", source.aws.region);
            put(env, "CLOUDFORMATION_ENDPOINT_URL", source.aws.endpointUrl);
        }
        try {
            return Config.fromEnv(env);
        } catch (Config.InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), optionNames(e.getMessage()));
        }
    }

    private ObjectNode executionInput(Instant startTime) {
        ObjectNode input = Json.mapper().createObjectNode();
        if (mode != null && mode.since != null) {
            Instant since = instant("--since", mode.since);
            if (since.isAfter(startTime)) {
                throw new ParameterException(spec.commandLine(), "--since (" + since + ") is after the run's start"
                        + " time (" + startTime + (now == null ? ", now" : ", --now") + "); nothing can have changed"
                        + " since a time that has not come");
            }
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

    private StackSnapshot snapshot() {
        if (source == null || source.snapshot == null) {
            return null;
        }
        try {
            return StackSnapshot.load(source.snapshot);
        } catch (InvalidSnapshotException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --stacks-snapshot " + source.snapshot
                    + ": " + e.getMessage());
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

    private void put(Map<String, String> env, String name, String value) {
        if (value != null && value.isBlank()) {
            // Config reads a blank variable as unset; on the command line it is a mistake, not the default.
            throw new ParameterException(spec.commandLine(), optionNames(name) + " must not be blank");
        }
        if (value != null) {
            env.put(name, value);
        }
    }

    private static String optionNames(String message) {
        return message.replace("DESCRIPTION_PATTERN", "--description-pattern")
                .replace("DOMAIN_PARAMETER", "--domain-parameter")
                .replace("GROUP_PARAMETER", "--group-parameter")
                .replace("CLOUDFORMATION_ENDPOINT_URL", "--endpoint-url")
                .replace("AWS_REGION", "--region");
    }
}
