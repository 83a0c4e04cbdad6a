package dev.domainsync.statemachine.cli;

import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code domain-sync demo}: an embedded PostgreSQL, a sample account of a few hundred stacks, a first run
 * (a backfill) and an incremental run two days later over the changed account, then the table and the report.
 */
@Command(name = "demo",
        description = "Runs the workflow twice over a sample snapshot shipped in the jar, on an embedded PostgreSQL.")
public final class DemoCommand implements Callable<Integer> {

    /** Fixed so that the demo prints the same runs every time. */
    static final Instant FIRST_RUN = SampleSnapshots.DEMO_NOW;
    static final Instant SECOND_RUN = FIRST_RUN.plus(SampleSnapshots.BETWEEN_LISTINGS);

    @Spec
    private CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", description = "Where the last run's history.json and report.html go"
            + " (default: a new temporary folder).")
    private Path reportDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    @Override
    public Integer call() {
        Config config = Config.from(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.to(spec.commandLine().getErr());
        RunPrinter printer = new RunPrinter(out, spec.commandLine().getErr());
        try (LocalEnvironment environment = LocalEnvironment.withDatabase(null, config, progress)) {
            StackSnapshot first = StackSnapshot.parse(SampleSnapshots.toJson(SampleSnapshots.first(FIRST_RUN)),
                    "sample account on " + FIRST_RUN);
            progress.line("first run: " + first.stacks().size() + " stacks, no earlier run, so a backfill");
            environment.serving(first, FaultPlan.none());
            ExecutionResult firstResult = RunCommand.execute(environment, config, Json.mapper().createObjectNode(),
                    FIRST_RUN, progress);
            printer.summary("first run (" + FIRST_RUN + ")", firstResult);

            StackSnapshot second = StackSnapshot.parse(
                    SampleSnapshots.toJson(SampleSnapshots.second(SECOND_RUN)),
                    "sample account on " + SECOND_RUN);
            progress.line("second run: two days later, " + second.stacks().size()
                    + " stacks, some created, updated and deleted; an incremental run");
            environment.serving(second, FaultPlan.none());
            ExecutionResult secondResult = RunCommand.execute(environment, config, Json.mapper().createObjectNode(),
                    SECOND_RUN, progress);
            printer.summary("second run (" + SECOND_RUN + ")", secondResult);

            printer.table(environment.database());
            Path dir = reportDir != null ? reportDir : Files.createTempDirectory("domain-sync-demo-");
            Reports.write(secondResult, dir);
            out.println();
            out.println("report of the second run: " + dir.resolve("report.html").toAbsolutePath());
            out.println("its history:              " + dir.resolve("history.json").toAbsolutePath());
            out.flush();
            return firstResult.succeeded() && secondResult.succeeded() ? RunCommand.EXIT_SUCCEEDED
                    : RunCommand.EXIT_FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
