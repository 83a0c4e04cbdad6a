package dev.domainsync.statemachine.cli;

import dev.domainsync.config.Config;
import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.InvalidSnapshotException;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every command that runs the workflow in this process: the database, where the stacks come from,
 * the sync rules, the report folder and the output; read through {@link Config} as the functions read their
 * environment, options first.
 */
final class LocalRunOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to sync, e.g. jdbc:postgresql://host:5432/db?user=U&password=P."
                    + " Without it, an embedded PostgreSQL lives as long as this process.")
    String jdbcUrl;

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

    @Option(names = "--description-pattern", paramLabel = "RE",
            description = "Java regex found in a distribution stack's template description (default (?i)cloudfront).")
    private String descriptionPattern;

    @Option(names = "--domain-parameter", paramLabel = "KEY", description = "Default CustomDomainName.")
    private String domainParameter;

    @Option(names = "--group-parameter", paramLabel = "KEY", description = "Default GroupId.")
    private String groupParameter;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write the audit trail here: history.json and report.html (compare adds compare.csv;"
                    + " on-event writes one folder per event when there are several). Created if missing.")
    private Path reportDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: the run report as one JSON document on stdout, nothing else there.")
    private OutputFormat output;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr; errors are still printed.")
    private boolean quiet;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    enum OutputFormat { text, json }

    /** Whether the result goes to stdout as one JSON document rather than as lines for people. */
    boolean json() {
        return output == OutputFormat.json;
    }

    /** The progress of these options: on {@code err}, or nowhere with {@code --quiet}. */
    Progress progress(PrintWriter err) {
        return quiet ? Progress.silent(err) : Progress.to(err);
    }

    /**
     * The {@code --report} folder, or null without one; a folder that cannot be one (an existing file) is refused
     * here, before anything runs, so that a run which succeeded never ends in an error about its report.
     */
    Path reportDir() {
        refuseFile(spec, reportDir);
        return reportDir;
    }

    /** Refuses a report folder that is an existing file, as an option error of the command in {@code spec}. */
    static void refuseFile(CommandSpec spec, Path reportDir) {
        if (reportDir != null && Files.exists(reportDir) && !Files.isDirectory(reportDir)) {
            throw new ParameterException(spec.commandLine(), "--report " + reportDir
                    + " is a file; give a folder (it is created if missing)");
        }
    }

    Config config() {
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new ParameterException(spec.commandLine(), "--jdbc-url must start with jdbc:postgresql://,"
                    + " such as jdbc:postgresql://127.0.0.1:5432/app?user=sync");
        }
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
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), optionNames(e.getMessage()));
        }
    }

    /** The snapshot file, read and checked, or null when the stacks come from CloudFormation. */
    StackSnapshot snapshot() {
        if (source == null || source.snapshot == null) {
            return null;
        }
        try {
            return StackSnapshot.load(source.snapshot);
        } catch (InvalidSnapshotException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), StackSnapshot.unreadable(source.snapshot, e));
        }
    }

    /** The database of these options, serving {@code snapshot} or reading CloudFormation. */
    LocalEnvironment environment(Config config, StackSnapshot snapshot, Progress progress) {
        LocalEnvironment environment;
        try {
            environment = LocalEnvironment.withDatabase(jdbcUrl, config, progress);
        } catch (InvalidConfigException e) {
            // A JDBC URL with a typo is an option error, said before anything runs.
            throw new ParameterException(spec.commandLine(), "--jdbc-url: " + e.getMessage());
        }
        if (snapshot != null) {
            environment.serving(snapshot, FaultPlan.none());
        } else {
            try {
                environment.readingCloudFormation(config);
            } catch (LocalEnvironment.MissingCredentialsException e) {
                environment.close();
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return environment;
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
