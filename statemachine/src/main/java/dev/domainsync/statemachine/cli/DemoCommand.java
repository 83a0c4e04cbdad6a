package dev.domainsync.statemachine.cli;

import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.cli.LocalExecutions.LocalExecution;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.statemachine.snapshot.SnapshotStack;
import dev.domainsync.steps.StackStatusEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code domain-sync demo}: an embedded PostgreSQL, a sample account of a few hundred stacks, a first run
 * (a backfill) and an incremental run two days later over the changed account, then a stack created after that run
 * reaching the table through its event at once (the event path), then the table and the report.
 */
@Command(name = "demo",
        description = "Runs the workflow twice over a sample account of about 300 stacks, generated the same every"
                + " time, on an embedded PostgreSQL, then the event path for a stack created after the second run."
                + " Leaves the second run's report and the three snapshots it used in --report DIR.")
public final class DemoCommand implements Callable<Integer> {

    /** Fixed so that the demo prints the same runs every time. */
    static final Instant FIRST_RUN = SampleSnapshots.DEMO_NOW;
    static final Instant SECOND_RUN = FIRST_RUN.plus(SampleSnapshots.BETWEEN_LISTINGS);
    /** When the third act's stack is created: well before the next scheduled run would see it. */
    static final Instant NEW_STACK = SECOND_RUN.plus(Duration.ofHours(3));

    /** The snapshots of the three acts, as written to the report folder: each can be given to run --stacks-snapshot. */
    static final String FIRST_SNAPSHOT = "stacks-first-run.json";
    static final String SECOND_SNAPSHOT = "stacks-second-run.json";
    static final String THIRD_SNAPSHOT = "stacks-event.json";

    @Spec
    private CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", description = "Where the second run's history.json and report.html,"
            + " and the snapshots of the three acts, go (default: a new temporary folder, whose path it prints).")
    private Path reportDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    @Override
    public Integer call() {
        LocalRunOptions.refuseFile(spec, reportDir);
        Config config = Config.from(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = Progress.to(spec.commandLine().getErr());
        RunPrinter printer = new RunPrinter(out, spec.commandLine().getErr());
        try (LocalEnvironment environment = LocalEnvironment.withDatabase(null, config, progress)) {
            LocalExecutions executor = new LocalExecutions(environment, config, progress);
            StackSnapshot first = StackSnapshot.parse(SampleSnapshots.toJson(SampleSnapshots.first(FIRST_RUN)),
                    "sample account on " + FIRST_RUN);
            progress.line("first run: " + first.stacks().size() + " stacks, no earlier run, so a backfill");
            environment.serving(first, FaultPlan.none());
            LocalExecution firstRun = executor.syncDomains(Json.mapper().createObjectNode(), FIRST_RUN);
            printer.summary("first run (" + FIRST_RUN + ")", firstRun.result());

            StackSnapshot second = StackSnapshot.parse(
                    SampleSnapshots.toJson(SampleSnapshots.second(SECOND_RUN)),
                    "sample account on " + SECOND_RUN);
            progress.line("second run: two days later, " + second.stacks().size()
                    + " stacks, some created, updated and deleted; an incremental run");
            environment.serving(second, FaultPlan.none());
            LocalExecution secondRun = executor.syncDomains(Json.mapper().createObjectNode(), SECOND_RUN);
            printer.summary("second run (" + SECOND_RUN + ")", secondRun.result());

            boolean thirdSucceeded = thirdAct(environment, executor, second, progress, printer, out);

            printer.table(environment.database());
            Path dir = reportDir != null ? reportDir : Files.createTempDirectory("domain-sync-demo-");
            secondRun.writeReport(dir);
            writeSnapshot(dir.resolve(FIRST_SNAPSHOT), SampleSnapshots.toJson(SampleSnapshots.first(FIRST_RUN)));
            writeSnapshot(dir.resolve(SECOND_SNAPSHOT), SampleSnapshots.toJson(SampleSnapshots.second(SECOND_RUN)));
            writeSnapshot(dir.resolve(THIRD_SNAPSHOT),
                    SampleSnapshots.toJson(SampleSnapshots.third(SECOND_RUN, NEW_STACK)));
            out.println();
            out.println("report of the second run: " + dir.resolve("report.html").toAbsolutePath());
            out.println("its history:              " + dir.resolve("history.json").toAbsolutePath());
            out.println("the snapshots it used:    " + dir.toAbsolutePath().resolve(FIRST_SNAPSHOT) + ", "
                    + SECOND_SNAPSHOT + ", " + THIRD_SNAPSHOT);
            out.flush();
            return firstRun.succeeded() && secondRun.succeeded() && thirdSucceeded ? RunCommand.EXIT_SUCCEEDED
                    : RunCommand.EXIT_FAILED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeSnapshot(Path file, String json) throws IOException {
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /**
     * A customer stack created three hours after the second run: CloudFormation's CREATE_COMPLETE event runs
     * sync-stack, and its domains are in the table at once instead of at the next scheduled run, two days later.
     */
    private static boolean thirdAct(LocalEnvironment environment, LocalExecutions executor, StackSnapshot second,
            Progress progress, RunPrinter printer, PrintWriter out) {
        StackSnapshot third = StackSnapshot.parse(SampleSnapshots.toJson(SampleSnapshots.third(SECOND_RUN, NEW_STACK)),
                "sample account on " + NEW_STACK);
        Set<String> before = new HashSet<>();
        second.stacks().forEach(stack -> before.add(stack.stackId()));
        SnapshotStack created = third.stacks().stream().filter(stack -> !before.contains(stack.stackId()))
                .findFirst().orElseThrow();
        progress.line("third act: " + created.stackName() + " is created at " + NEW_STACK
                + "; its CREATE_COMPLETE event starts sync-stack");
        environment.serving(third, FaultPlan.none());
        ObjectNode event = stackCreated(created.stackId(), NEW_STACK);
        ExecutionResult result = executor.syncStack(event, NEW_STACK.plusSeconds(1)).result();
        printer.appliedStack("third act: the event of a stack created after the second run ("
                + created.stackName() + ", " + NEW_STACK + ")", result);
        long rows = RunPrinter.applied(result).map(applied -> applied.changes().size()).orElse(0);
        Instant nextRun = SECOND_RUN.plus(SampleSnapshots.BETWEEN_LISTINGS);
        out.printf("%s: %d domains reached domain_mappings through the event path at once; the next scheduled run"
                + " (%s) would have found them %d hours later%n", created.stackName(), rows, nextRun,
                Duration.between(NEW_STACK, nextRun).toHours());
        out.flush();
        return result.succeeded() && rows > 0;
    }

    /** CloudFormation's "Stack Status Change" event for a created stack, as EventBridge delivers it. */
    private static ObjectNode stackCreated(String stackId, Instant time) {
        String[] arn = stackId.split(":");
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.nameUUIDFromBytes(stackId.getBytes(StandardCharsets.UTF_8)).toString());
        event.put("detail-type", StackStatusEvent.DETAIL_TYPE);
        event.put("source", StackStatusEvent.SOURCE);
        event.put("account", arn[4]);
        event.put("time", time.toString());
        event.put("region", arn[3]);
        event.putArray("resources").add(stackId);
        ObjectNode detail = event.putObject("detail");
        detail.put("stack-id", stackId);
        detail.putObject("status-details").put("status", "CREATE_COMPLETE").put("status-reason", "");
        detail.put("client-request-token", "");
        return event;
    }
}
