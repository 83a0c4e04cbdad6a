package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunReport;
import dev.domainsync.statemachine.cli.LocalExecutions.LocalExecution;
import dev.domainsync.statemachine.compare.ComparedDomain;
import dev.domainsync.statemachine.compare.Comparison;
import dev.domainsync.statemachine.compare.ComparisonCsv;
import dev.domainsync.statemachine.compare.ComparisonStatus;
import dev.domainsync.statemachine.compare.ExistingRow;
import dev.domainsync.statemachine.compare.ExistingTable;
import dev.domainsync.statemachine.compare.InvalidExistingQueryException;
import dev.domainsync.statemachine.compare.PreviewingRegistry;
import dev.domainsync.statemachine.compare.SkippedClaims;
import dev.domainsync.statemachine.compare.TableComparison;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.report.AuditReport;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code domain-sync compare}: before the application switches to domain-sync's table, a dry-run backfill through the
 * real workflow, and the table it would give beside the rows of the table the application reads today.
 */
@Command(name = "compare", sortOptions = false,
        description = "Runs a dry-run backfill in-process and compares the table it would give with the rows of"
                + " --existing-query (domain, group): agree, differ in group, only in the existing table, only from"
                + " the stacks.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:identical: every domain agrees", "1:the tables differ",
            "2:invalid options, snapshot or query", "3:no comparison: the dry run failed or the database failed"})
public final class CompareCommand implements Callable<Integer> {

    static final int EXIT_IDENTICAL = 0;
    static final int EXIT_DIFFERENT = 1;
    static final int EXIT_NOT_COMPARED = 3;

    private static final List<ComparisonStatus> LISTED_IN_ORDER = List.of(ComparisonStatus.DIFFERENT_GROUP,
            ComparisonStatus.ONLY_EXISTING, ComparisonStatus.ONLY_STACKS, ComparisonStatus.AGREE);

    @Spec
    private CommandSpec spec;

    @Option(names = "--existing-query", paramLabel = "SQL", required = true,
            description = "One SELECT of the table the application reads today, first column the domain, second the"
                    + " group, e.g. 'SELECT host, team FROM public.custom_domains'. It runs in a READ ONLY"
                    + " transaction.")
    private String existingQuery;

    @Mixin
    private LocalRunOptions local;

    @Override
    public Integer call() {
        Config config = local.config();
        Path reportDir = local.reportDir();
        StackSnapshot snapshot = local.snapshot();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // With --output json the lines for people go nowhere and stdout gets one document.
        PrintWriter lines = local.json() ? new PrintWriter(Writer.nullWriter()) : out;
        try {
            ExistingTable.singleSelect(existingQuery);
        } catch (InvalidExistingQueryException e) {
            return refused(err, e);
        }
        Progress progress = local.progress(err);
        try (LocalEnvironment environment = local.environment(config, snapshot, progress)) {
            List<ExistingRow> existing;
            try {
                existing = ExistingTable.read(environment.jdbcUrl(), existingQuery);
            } catch (InvalidExistingQueryException e) {
                return refused(err, e);
            }
            progress.line("the existing query returned " + existing.size() + " rows; now a dry-run backfill");
            PreviewingRegistry registry = new PreviewingRegistry(environment.registry());
            ObjectNode input = Json.mapper().createObjectNode().put("mode", "backfill").put("dryRun", true);
            LocalExecution execution = new LocalExecutions(environment, config, progress).syncDomains(registry, input,
                    Instant.now());
            ExecutionResult result = execution.result();
            if (!result.succeeded() || registry.preview().isEmpty()) {
                new RunPrinter(lines, err).summary("dry-run backfill", result);
                err.println("domain-sync compare: no comparison, the dry run did not succeed");
                if (local.json()) {
                    JsonOutput.print(out, JsonOutput.execution(result, "report").put("result", "not compared"));
                }
                return EXIT_NOT_COMPARED;
            }
            AuditReport report = execution.report();
            Map<String, StackExtract> skipped = SkippedClaims.read(report.digest().extracts(), environment.catalog(),
                    config.sync().domainParameter());
            Comparison comparison = TableComparison.compare(existing, registry.preview().get(), skipped);
            print(lines, existing.size(), RunPrinter.report(result).orElseThrow(), comparison);
            if (reportDir != null) {
                Reports.write(report.withComparison(comparison), reportDir);
                ComparisonCsv.write(comparison, reportDir.resolve("compare.csv"));
                lines.println(Reports.writtenLine(reportDir));
                lines.println("csv              " + reportDir.resolve("compare.csv").toAbsolutePath());
            }
            if (local.json()) {
                JsonOutput.print(out, json(result, existing.size(), comparison, reportDir));
            }
            out.flush();
            return comparison.identical() ? EXIT_IDENTICAL : EXIT_DIFFERENT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write compare.csv to " + reportDir + ": " + e.getMessage(), e);
        }
    }

    /** The comparison as one document: the result, the counts, every domain by status, and the dry run. */
    private static ObjectNode json(ExecutionResult result, int existingRows, Comparison comparison, Path reportDir) {
        ObjectNode node = JsonOutput.execution(result, "report");
        node.put("result", comparison.identical() ? "identical" : "different");
        node.put("existingRows", existingRows);
        ObjectNode counts = node.putObject("counts");
        ObjectNode domains = node.putObject("domains");
        for (ComparisonStatus status : LISTED_IN_ORDER) {
            counts.put(status.name(), comparison.counts().get(status));
            domains.set(status.name(), Json.mapper().valueToTree(comparison.with(status)));
        }
        node.put("reportDir", reportDir == null ? null : reportDir.toAbsolutePath().toString());
        return node;
    }

    private static int refused(PrintWriter err, InvalidExistingQueryException e) {
        err.println("domain-sync compare: " + RunPrinter.shown(e.getMessage()));
        err.flush();
        return RunCommand.EXIT_USAGE;
    }

    private static void print(PrintWriter out, int existingRows, RunReport run, Comparison comparison) {
        Map<ComparisonStatus, Integer> counts = comparison.counts();
        out.println();
        out.println("== compare: the existing table beside a dry-run backfill of the stacks");
        out.printf("dry run          run %d: %,d stacks listed, %,d skipped, %,d invalid domains%n", run.runId(),
                run.stacksListed(), run.stacksSkipped(), run.invalidDomains());
        out.printf("existing table   %,d rows%n", existingRows);
        out.printf("stacks' table    %,d domains%n", run.mappingsTotal());
        for (ComparisonStatus status : ComparisonStatus.values()) {
            out.printf("%-28s %,d%n", status.title(), counts.get(status));
        }
        out.println(comparison.identical() ? "result           identical" : "result           different");
        for (ComparisonStatus status : LISTED_IN_ORDER) {
            List<ComparedDomain> domains = comparison.with(status);
            if (domains.isEmpty()) {
                continue;
            }
            out.println();
            out.printf("%s (%,d):%n", status.title(), domains.size());
            domains.forEach(domain -> out.println("  " + line(domain)));
        }
    }

    private static String line(ComparedDomain domain) {
        String stack = domain.stackId() == null ? ""
                : "  stack " + RunPrinter.shown(domain.stackName()) + " (" + RunPrinter.shown(domain.stackId()) + ")";
        String reason = domain.reason() == null ? "" : "  " + RunPrinter.shown(domain.reason());
        String groups = switch (domain.status()) {
            case AGREE, ONLY_STACKS -> "group " + shownGroup(domain.status() == ComparisonStatus.AGREE
                    ? domain.existingGroup() : domain.stackGroup());
            case DIFFERENT_GROUP -> "existing " + shownGroup(domain.existingGroup()) + ", stacks "
                    + shownGroup(domain.stackGroup());
            case ONLY_EXISTING -> "group " + shownGroup(domain.existingGroup());
        };
        return String.format("%-40s %s%s%s", RunPrinter.shown(domain.domain()), groups, stack, reason);
    }

    private static String shownGroup(String group) {
        return group == null ? "(none)" : "'" + RunPrinter.shown(group) + "'";
    }
}
