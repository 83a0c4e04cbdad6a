package dev.domainsync.statemachine.cli;

import dev.domainsync.json.Json;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.registry.Database;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunReport;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.report.DisplayFormat;
import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prints a run's or a stack event's outcome for people: the summary and changes on stdout, a failure's error on
 * stderr.
 */
final class RunPrinter {

    private static final int CHANGES_SHOWN = 20;

    private final PrintWriter out;
    private final PrintWriter err;

    RunPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** The execution's status, the run report's counts and its first changes. */
    void summary(String title, ExecutionResult result) {
        summary(title, result, Optional.empty());
    }

    /** The same, with {@code hint} (why a run found nothing, say) after the counts. */
    void summary(String title, ExecutionResult result, Optional<String> hint) {
        header(title, result);
        report(result).ifPresent(this::counts);
        hint.ifPresent(text -> out.println("hint             " + text));
        out.printf("history          %,d events (quota 25,000), largest payload %,d bytes in %s (quota 262,144)%n",
                result.eventCount(), result.maxPayloadBytes(), result.maxPayloadState());
        retries(result);
        failure(result);
    }

    /** A sync-stack execution: its status, what it did to the stack's claims and the mapping changes it made. */
    void appliedStack(String title, ExecutionResult result) {
        header(title, result);
        applied(result).ifPresent(applied -> {
            out.printf("outcome          %s%s: %s%n", applied.outcome(), applied.repeated() ? " (repeated)" : "",
                    applied.detail());
            if (!applied.changes().isEmpty()) {
                out.println("changes:");
                applied.changes().forEach(change -> out.println("  " + describe(change)));
            }
        });
        retries(result);
        failure(result);
    }

    private void retries(ExecutionResult result) {
        if (!result.retries().isEmpty()) {
            out.printf("retries          %d (%s)%n", result.retries().size(), result.retries().stream()
                    .collect(Collectors.groupingBy(wait -> wait.stateName() + " " + shortName(wait.error()),
                            Collectors.counting()))
                    .entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).sorted()
                    .collect(Collectors.joining(", ")));
        }
    }

    private void header(String title, ExecutionResult result) {
        out.println();
        out.println("== " + title);
        out.printf("execution        %s%n", result.executionArn());
        out.printf("status           %s%n", result.status());
    }

    private void failure(ExecutionResult result) {
        if (!result.succeeded()) {
            err.println("error: " + DisplayFormat.visible(result.error().orElse("(none)")));
            err.println("cause: " + result.cause().map(DisplayFormat::causeMessage).map(DisplayFormat::visibleLines)
                    .orElse("(none)"));
        }
        out.flush();
        err.flush();
    }

    private void counts(RunReport report) {
        out.printf("run              %d, %s%s%n", report.runId(), mode(report),
                report.dryRun() ? ", DRY RUN (nothing applied)" : "");
        out.printf("stacks listed    %,d (%,d deleted)%n", report.stacksListed(), report.stacksDeleted());
        out.printf("candidates       %,d%s%n", report.candidates(),
                report.mode() == dev.domainsync.run.RunMode.BACKFILL ? " (every live distribution stack)"
                        : " changed since then");
        out.printf("written          %s claims replaced, %s in all%n",
                count(report.stacksWritten(), "stack's", "stacks'"), count(report.claims(), "claim", "claims"));
        out.printf("skipped          %,d%s%n", report.stacksSkipped(), reasons(report.skippedByReason()));
        out.printf("invalid domains  %,d (reported and dropped)%n", report.invalidDomains());
        out.printf("conflicts        %s claimed by more than one stack%n",
                count(report.conflicts(), "domain", "domains"));
        out.printf("pruned           %s claims deleted%n",
                count(report.stacksPruned(), "gone stack's", "gone stacks'"));
        out.printf("mappings         +%,d inserted, ~%,d updated, -%,d deleted; %s%s%n",
                report.mappingsInserted(), report.mappingsUpdated(), report.mappingsDeleted(),
                count(report.mappingsTotal(), "row", "rows"),
                report.dryRun() ? " (would be)" : "");
        if (report.pruneGuardWarning() != null) {
            out.printf("prune guard      would refuse the real run: %s%n", shown(report.pruneGuardWarning()));
        }
        if (!report.changes().isEmpty()) {
            out.println(report.dryRun() ? "changes it would make:" : "changes:");
            report.changes().stream().limit(CHANGES_SHOWN).forEach(change -> out.println("  " + describe(change)));
            int more = report.mappingsInserted() + report.mappingsUpdated() + report.mappingsDeleted() - CHANGES_SHOWN;
            if (more > 0) {
                out.printf("  ... and %,d more (see the report, or mapping_changes where run_id = %d)%n", more,
                        report.runId());
            }
        }
    }

    /** How the run chose its stacks: "backfill (every live stack)", "incremental since T", "since T". */
    private static String mode(RunReport report) {
        return switch (report.mode()) {
            case BACKFILL -> "backfill (every live stack)";
            case INCREMENTAL -> "incremental since " + report.since();
            case SINCE -> "since " + report.since();
        };
    }

    /** "1 stack", "2 stacks": {@code count} with the word that agrees with it. */
    static String count(long count, String one, String many) {
        return String.format("%,d %s", count, count == 1 ? one : many);
    }

    /** The table that the application reads, as it stands. */
    void table(Database database) {
        List<String[]> rows = database.inTransaction(connection -> {
            List<String[]> found = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT domain_name, group_id, stack_name FROM domain_mappings ORDER BY domain_name");
                 ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    found.add(new String[] {resultSet.getString(1), resultSet.getString(2), resultSet.getString(3)});
                }
            }
            return found;
        });
        out.println();
        out.printf("== domain_mappings (%,d rows)%n", rows.size());
        out.printf("%-44s %-24s %s%n", "domain_name", "group_id", "stack_name");
        for (String[] row : rows) {
            out.printf("%-44s %-24s %s%n", shown(row[0]), abbreviate(shown(row[1]), 24), shown(row[2]));
        }
        out.flush();
    }

    static Optional<RunReport> report(ExecutionResult result) {
        if (!result.succeeded() || result.output().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(result.output().get(), RunReport.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Optional<AppliedStack> applied(ExecutionResult result) {
        if (!result.succeeded() || result.output().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(result.output().get(), AppliedStack.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String describe(MappingChange change) {
        String domain = shown(change.domainName());
        return switch (change.action()) {
            case INSERT -> "+ " + domain + " -> " + shown(change.newGroupId()) + " (" + shown(change.newStackName()) + ")";
            case DELETE -> "- " + domain + " was " + shown(change.oldGroupId()) + " (" + shown(change.oldStackName())
                    + ")";
            case UPDATE -> "~ " + domain + ": " + shown(change.oldGroupId()) + " (" + shown(change.oldStackName())
                    + ") -> " + shown(change.newGroupId()) + " (" + shown(change.newStackName()) + ")";
        };
    }

    /** A value from the stacks or the database, as the terminal should show it (no control or bidi characters). */
    static String shown(Object value) {
        return DisplayFormat.visible(String.valueOf(value));
    }

    private static String reasons(Map<?, Integer> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        return " (" + byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).sorted()
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String shortName(String error) {
        int dot = error.lastIndexOf('.');
        return error.startsWith("States.") || error.startsWith("Lambda.") || dot < 0 ? error : error.substring(dot + 1);
    }

    private static String abbreviate(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
