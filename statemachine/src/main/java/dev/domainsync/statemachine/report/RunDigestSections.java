package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;
import static dev.domainsync.statemachine.report.Html.shortened;
import static dev.domainsync.statemachine.report.ReportPage.MAX_TABLE_ROWS;
import static dev.domainsync.statemachine.report.ReportPage.capNote;
import static dev.domainsync.statemachine.report.ReportPage.panel;

import dev.domainsync.registry.AppliedStack;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.statemachine.compare.Comparison;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * domain-sync's sections of the report, drawn from its {@link RunDigest}: the comparison of {@code domain-sync
 * compare} ({@link ComparisonPanel}), the run's inputs, the run summary, the mapping changes and why, the skipped stacks and invalid domains.
 */
final class RunDigestSections implements PageDigest {

    /** One invalid domain item, with the stack that gave it. */
    private record InvalidDomainRow(String stackName, String stackId, String value, String reason) {
    }

    private final RunDigest digest;
    private final ExecutionTrail trail;
    private final Optional<Comparison> comparison;

    RunDigestSections(RunDigest digest, ExecutionTrail trail, Optional<Comparison> comparison) {
        this.digest = digest;
        this.trail = trail;
        this.comparison = comparison;
    }

    @Override
    public Optional<String> executionArn() {
        return digest.executionArn();
    }

    @Override
    public String titleTags() {
        return digest.dryRun() ? "<span class=\"tag dry\">dry run</span>" : "";
    }

    @Override
    public String alerts() {
        return dryRunAlert();
    }

    @Override
    public String caughtNote() {
        return digest.runFailure().isPresent()
                ? " " + escape(RunDigestReader.FAIL_RUN) + " recorded the run as failed; nothing readers see changed."
                : "";
    }

    @Override
    public List<DetailRow> detailRows() {
        Optional<RunContext> run = digest.runContext();
        return List.of(
                new DetailRow("Run id", run.map(context -> escape(context.runId()))
                        .or(() -> digest.runFailure().map(failure -> failure.runId() == null ? "none"
                                : escape(failure.runId())))
                        .orElse(unknown())),
                new DetailRow("Mode", run.map(context -> escape(context.mode())).orElse(unknown())),
                new DetailRow("Since", run.map(context -> context.since() == null ? "beginning of time"
                        : escape(DisplayFormat.time(context.since()))).orElse(unknown())),
                new DetailRow("Dry run", run.map(context -> context.dryRun() ? "<b>yes</b>" : "no")
                        .orElse(unknown())),
                new DetailRow("Force", run.map(context -> context.force() ? "<b>yes</b> (prune guard off)" : "no")
                        .orElse(unknown())));
    }

    @Override
    public String detailNote() {
        return digest.runContext().isEmpty()
                ? "<p class=\"hint\">StartRun returned no run context, so mode and since are unknown.</p>" : "";
    }

    @Override
    public String beforeDetails() {
        return comparison.map(ComparisonPanel::html).orElse("");
    }

    @Override
    public String afterTimeline() {
        return changes() + "\n" + skips();
    }

    private static String unknown() {
        return "<span class=\"muted\">\u2014</span>";
    }

    private String dryRunAlert() {
        if (!digest.dryRun()) {
            return "";
        }
        String guard = digest.runReport().map(RunReport::pruneGuardWarning)
                .map(warning -> "<div><strong>The prune guard would refuse the real run:</strong> "
                        + Html.escape(warning) + "</div>")
                .orElse("");
        return """
                <section class="alert dry" role="note"><div class="alert-title">Dry run: these changes were \
                NOT applied.</div><div>The run computed and reported everything; domain_mappings is as it was, \
                and the run does not count as the last successful run.</div>""" + guard + "</section>";
    }

    @Override
    public String summary() {
        if (digest.runReport().isEmpty()) {
            String staged = digest.stagedCounts().map(RunDigestSections::stagedTiles).orElse("");
            String reason = trail.status() == TrailStatus.SUCCEEDED
                    ? "The execution output is not a readable run report."
                    : "No run report: the run ended before PruneDeleted applied it.";
            return panel("summary", "Run summary", "<p class=\"muted\">" + reason + "</p>" + staged);
        }
        RunReport report = digest.runReport().get();
        String listing = tiles(new Object[][] {
                {"Stacks listed", report.stacksListed()},
                {"Listed as deleted", report.stacksDeleted()},
                {"Changed since", report.candidates()}});
        String claims = tiles(new Object[][] {
                {"Stacks written", report.stacksWritten()},
                {"Stacks skipped", report.stacksSkipped()},
                {"Invalid domains", report.invalidDomains()},
                {"Claims", report.claims()},
                {"Conflicts", report.conflicts()}});
        String mappings = tiles(new Object[][] {
                {"Inserted", report.mappingsInserted()},
                {"Updated", report.mappingsUpdated()},
                {"Deleted", report.mappingsDeleted()},
                {"Stacks pruned", report.stacksPruned()},
                {"Mappings now", report.mappingsTotal()}});
        StringBuilder reasons = new StringBuilder();
        if (!report.skippedByReason().isEmpty()) {
            reasons.append("<h3>Skipped, by reason</h3><table class=\"data compact\"><thead><tr><th>Reason</th>"
                    + "<th class=\"num\">Stacks</th></tr></thead><tbody>");
            report.skippedByReason().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> reasons.append("<tr><td><span class=\"mono\">").append(escape(entry.getKey()))
                            .append("</span><div class=\"muted small\">").append(escape(entry.getKey().description()))
                            .append("</div></td><td class=\"num\">").append(escape(entry.getValue()))
                            .append("</td></tr>"));
            reasons.append("</tbody></table>");
        }
        String conflicts = report.conflicts() == 0 ? ""
                : "<p class=\"hint\">%s: more than one stack claims the domain; the earliest-created stack wins and the others' claims are kept for when it goes.</p>"
                        .formatted(escape(DisplayFormat.plural(report.conflicts(), "conflict", "conflicts")));
        return panel("summary", "Run summary", """
                <div class="status-line">Run %s \u00b7 <span class="mono">%s</span></div>
                <h3>Listing</h3>%s<h3>Claims</h3>%s<h3>Mappings</h3>%s%s%s""".formatted(
                escape(report.runId()), escape(report.status()), listing, claims, mappings, conflicts, reasons));
    }

    private static String stagedTiles(StagedCounts counts) {
        return "<h3>Staged before the failure</h3>" + tiles(new Object[][] {
                {"Stacks listed", counts.stacksListed()},
                {"Changed", counts.stacksChanged()},
                {"Skipped", counts.stacksSkipped()},
                {"Claims", counts.claims()}});
    }

    static String tiles(Object[][] values) {
        StringBuilder tiles = new StringBuilder("<div class=\"tiles\">");
        for (Object[] value : values) {
            int number = (Integer) value[1];
            tiles.append("<div class=\"tile").append(number == 0 ? " zero" : "").append("\"><div class=\"n\">")
                    .append(escape(DisplayFormat.count(number))).append("</div><div class=\"l\">")
                    .append(escape(value[0])).append("</div></div>");
        }
        return tiles.append("</div>").toString();
    }

    // ---- mapping changes -------------------------------------------------------------------------------

    private String changes() {
        if (digest.appliedStack().isPresent()) {
            return appliedStackChanges(digest.appliedStack().get());
        }
        if (digest.runReport().isEmpty()) {
            return panel("changes", "Mapping changes", "<p class=\"muted\">"
                    + (trail.status() == TrailStatus.SUCCEEDED ? "No readable run report."
                    : "None: a failed run changes nothing that readers see.") + "</p>");
        }
        RunReport report = digest.runReport().get();
        StringBuilder body = new StringBuilder();
        if (digest.dryRun() && !report.changes().isEmpty()) {
            body.append("<div class=\"banner dry\">Dry run: these changes were NOT applied.</div>");
        }
        if (report.changes().isEmpty()) {
            body.append("<p class=\"muted\">No mapping changed in this run.</p>");
            return panel("changes", "Mapping changes", body.toString());
        }
        Set<String> deleted = new HashSet<>(digest.deletedStackIds());
        Map<String, StackExtract> extracts = new LinkedHashMap<>();
        digest.extracts().forEach(extract -> extracts.put(extract.stackId(), extract));
        body.append("""
                <table class="data changes"><thead><tr><th>Domain</th><th>Action</th><th>Group</th><th>Stack</th>\
                <th title="Derived from the run's listing and extracts">Why</th></tr></thead><tbody>""");
        for (MappingChange change : report.changes()) {
            body.append(changeRow(change, why(change, deleted, extracts)));
        }
        body.append("</tbody></table>");
        int total = report.mappingsInserted() + report.mappingsUpdated() + report.mappingsDeleted();
        if (report.changesTruncated()) {
            body.append("""
                    <p class="note">Showing the first %s of %s changes; the report carries no more to keep the \
                    payload small. The change log table has them all: <code>SELECT * FROM mapping_changes WHERE \
                    run_id = %s</code></p>""".formatted(escape(DisplayFormat.count(report.changes().size())),
                    escape(DisplayFormat.count(Math.max(total, report.changes().size()))), escape(report.runId())));
        }
        return panel("changes", "Mapping changes (" + DisplayFormat.count(total) + ")", body.toString());
    }

    /** A sync-stack execution's changes: every one made by this execution, on behalf of one stack's event. */
    private String appliedStackChanges(AppliedStack applied) {
        StringBuilder body = new StringBuilder();
        body.append("<p>Source <code>event</code>: this sync-stack execution applied stack <code class=\"mono\">")
                .append(escape(applied.stackId())).append("</code>: <strong>").append(escape(applied.outcome()))
                .append("</strong>").append(applied.detail() == null ? "" : " (" + escape(applied.detail()) + ")")
                .append(applied.repeated() ? ", a repeat of an execution already applied" : "").append(".</p>");
        if (applied.changes().isEmpty()) {
            body.append("<p class=\"muted\">No mapping changed.</p>");
            return panel("changes", "Mapping changes", body.toString());
        }
        body.append("""
                <table class="data changes"><thead><tr><th>Domain</th><th>Action</th><th>Group</th><th>Stack</th>\
                <th>Why</th></tr></thead><tbody>""");
        for (MappingChange change : applied.changes()) {
            body.append(changeRow(change, "event: the stack's claims " + (applied.outcome() == AppliedStack.Outcome.REMOVED
                    ? "were removed" : "were replaced")));
        }
        body.append("</tbody></table>");
        return panel("changes", "Mapping changes (" + DisplayFormat.count(applied.changes().size()) + ")",
                body.toString());
    }

    private static String changeRow(MappingChange change, String why) {
        return new StringBuilder("<tr><td class=\"mono domain\">").append(escape(change.domainName())).append("</td>")
                .append("<td><span class=\"action a-").append(escape(String.valueOf(change.action())
                        .toLowerCase(Locale.ROOT))).append("\">").append(escape(change.action())).append("</span></td>")
                .append("<td class=\"nowrap\">").append(fromTo(change.oldGroupId(), change.newGroupId(), true)).append("</td>")
                .append("<td>").append(stackChange(change)).append("</td>")
                .append("<td>").append(escape(why)).append("</td></tr>").toString();
    }

    private static String fromTo(String before, String after, boolean mono) {
        String css = mono ? "mono" : "";
        if (before == null && after == null) {
            return unknown();
        }
        if (before == null) {
            return "<span class=\"%s\">%s</span>".formatted(css, escape(after));
        }
        if (after == null) {
            return "<span class=\"%s old\">%s</span> \u2192 <span class=\"muted\">removed</span>".formatted(css,
                    escape(before));
        }
        if (before.equals(after)) {
            return "<span class=\"%s\">%s</span>".formatted(css, escape(after));
        }
        return "<span class=\"%s old\">%s</span> \u2192 <span class=\"%s\">%s</span>".formatted(css, escape(before),
                css, escape(after));
    }

    private static String stackChange(MappingChange change) {
        String names = fromTo(change.oldStackName(), change.newStackName(), false);
        String ids;
        if (change.oldStackId() != null && change.newStackId() != null && !change.oldStackId().equals(change.newStackId())) {
            ids = stackId(change.oldStackId()) + " \u2192 " + stackId(change.newStackId());
        } else {
            ids = stackId(change.newStackId() != null ? change.newStackId() : change.oldStackId());
        }
        return names + "<div class=\"mono muted small\">" + ids + "</div>";
    }

    /** A stack ARN's unique last part, the whole ARN on hover: the name is already beside it. */
    static String stackId(String stackId) {
        if (stackId == null) {
            return "";
        }
        int slash = stackId.lastIndexOf('/');
        String shown = stackId.startsWith("arn:") && slash > 0 ? "\u2026/" + stackId.substring(slash + 1) : stackId;
        return "<span title=\"%s\">%s</span>".formatted(escape(stackId), escape(shown));
    }

    // The change log says what changed; the listing and extracts of the same run say why.
    private static String why(MappingChange change, Set<String> deleted, Map<String, StackExtract> extracts) {
        if (change.action() == null) {
            return "";
        }
        return switch (change.action()) {
            case INSERT -> "new claim";
            case UPDATE -> {
                boolean sameStack = change.oldStackId() != null && change.oldStackId().equals(change.newStackId());
                if (sameStack) {
                    yield change.oldGroupId() != null && !change.oldGroupId().equals(change.newGroupId())
                            ? "group changed" : "stack details changed";
                }
                yield deleted.contains(change.oldStackId()) ? "old stack deleted; the next claim wins"
                        : "another stack's claim now wins";
            }
            case DELETE -> {
                if (deleted.contains(change.oldStackId())) {
                    yield "stack deleted";
                }
                StackExtract extract = extracts.get(change.oldStackId());
                yield extract != null && !extract.isSkipped() ? "no longer in the stack's parameters"
                        : "stack no longer listed";
            }
        };
    }

    // ---- skips and invalid domains ---------------------------------------------------------------------

    private String skips() {
        List<StackExtract> skipped = digest.extracts().stream().filter(StackExtract::isSkipped).toList();
        List<InvalidDomainRow> invalid = new ArrayList<>();
        for (StackExtract extract : digest.extracts()) {
            for (InvalidDomain domain : extract.invalidDomains()) {
                invalid.add(new InvalidDomainRow(extract.stackName(), extract.stackId(), domain.value(),
                        domain.reason()));
            }
        }
        StringBuilder body = new StringBuilder("<h3>Skipped stacks (" + DisplayFormat.count(skipped.size()) + ")</h3>");
        if (skipped.isEmpty()) {
            body.append("<p class=\"muted\">No candidate stack was skipped.</p>");
        } else {
            body.append("<table class=\"data\"><thead><tr><th>Stack name</th><th>Stack id</th><th>Reason</th></tr>"
                    + "</thead><tbody>");
            skipped.stream().limit(MAX_TABLE_ROWS).forEach(extract -> body.append("<tr><td>")
                    .append(escape(extract.stackName())).append("</td><td class=\"mono small\">")
                    .append(escape(extract.stackId())).append("</td><td><span class=\"mono\">")
                    .append(escape(extract.skipReason())).append("</span><div class=\"muted small\">")
                    .append(escape(extract.skipReason().description())).append("</div></td></tr>"));
            body.append("</tbody></table>").append(capNote(skipped.size(), MAX_TABLE_ROWS, "skipped stacks"));
        }
        body.append("<h3>Invalid domains (").append(DisplayFormat.count(invalid.size())).append(")</h3>");
        if (invalid.isEmpty()) {
            body.append("<p class=\"muted\">Every domain item was valid.</p>");
        } else {
            body.append("<table class=\"data\"><thead><tr><th>Stack name</th><th>Value as given</th><th>Reason</th>"
                    + "</tr></thead><tbody>");
            invalid.stream().limit(MAX_TABLE_ROWS).forEach(row -> body.append("<tr><td>").append(escape(row.stackName()))
                    .append("<div class=\"mono muted small\">").append(stackId(row.stackId())).append("</div></td>")
                    .append("<td class=\"mono\">").append(shortened(row.value(), 300)).append("</td><td>")
                    .append(escape(row.reason())).append("</td></tr>"));
            body.append("</tbody></table>").append(capNote(invalid.size(), MAX_TABLE_ROWS, "invalid domains"));
        }
        String source = "<p class=\"hint\">Collected from every ExtractParamsBatch output in the history"
                + (digest.extracts().isEmpty() ? "; this history has none." : ".") + "</p>";
        return panel("skips", "Skipped stacks and invalid domains", source + body);
    }
}
