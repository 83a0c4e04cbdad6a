package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;
import static dev.domainsync.statemachine.report.Html.shortened;

import dev.domainsync.registry.AppliedStack;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.statemachine.compare.ComparedDomain;
import dev.domainsync.statemachine.compare.Comparison;
import dev.domainsync.statemachine.compare.ComparisonStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders an {@link ExecutionTrail} as one self-contained HTML page: inline CSS and SVG, a few lines of
 * optional script for collapsing Map iterations, and every value escaped. Sections follow the questions an
 * operator asks: did it work, what ran, how long and with which retries, what changed and why.
 */
final class ReportPage {

    static final int MAX_TABLE_ROWS = 500;

    private final ExecutionTrail trail;
    private final WorkflowDefinition definition;
    private final Optional<Comparison> comparison;

    private ReportPage(ExecutionTrail trail, WorkflowDefinition definition, Optional<Comparison> comparison) {
        this.trail = trail;
        this.definition = definition;
        this.comparison = comparison;
    }

    static String render(ExecutionTrail trail, WorkflowDefinition definition, Optional<Comparison> comparison) {
        return new ReportPage(trail, definition, comparison).page();
    }

    private String page() {
        String title = "domain-sync \u00b7 " + trail.executionName().orElse("execution") + " \u00b7 "
                + statusText(trail.status());
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="%s">
                <title>%s</title>
                <style>%s</style>
                </head>
                <body>
                <div class="topbar"><span class="brand">domain-sync</span><span class="crumb">Step Functions \
                execution \u00b7 audit trail</span></div>
                <main>
                %s
                %s
                %s
                <div class="columns">
                %s
                %s
                </div>
                %s
                %s
                %s
                %s
                <footer>Built from the execution history (%s) and the state machine definition alone. \
                Times are UTC.</footer>
                </main>
                <script>%s</script>
                </body>
                </html>
                """.formatted(contentSecurityPolicy(ReportStyle.CSS, SCRIPT), escape(title), ReportStyle.CSS,
                header(), comparison.map(ReportPage::comparison).orElse(""), details(), graph(), summary(), timeline(),
                changes(), skips(), events(), escape(DisplayFormat.plural(trail.events().size(), "event", "events")),
                SCRIPT);
    }

    /**
     * A policy that lets the page run nothing but its own inline style and script, named by their SHA-256 hashes
     * (computed here, from the very text the page inlines), and load nothing at all: an injected tag or attribute
     * that escaping missed stays inert. The graphs are inline SVG, which needs no image source.
     */
    static String contentSecurityPolicy(String style, String script) {
        return "default-src 'none'; style-src '" + sha256(style) + "'; script-src '" + sha256(script)
                + "'; img-src 'none'; base-uri 'none'; form-action 'none'";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // ---- the comparison of `domain-sync compare` ------------------------------------------------------

    private static String comparison(Comparison comparison) {
        Map<ComparisonStatus, Integer> counts = comparison.counts();
        StringBuilder body = new StringBuilder();
        body.append(comparison.identical()
                ? "<p class=\"hint\">The existing table and the stacks agree on every domain.</p>"
                : "<p class=\"hint\">The existing table and the stacks differ; <code>compare.csv</code> beside this page"
                        + " lists every domain.</p>");
        body.append(tiles(new Object[][] {
                {ComparisonStatus.AGREE.title(), counts.get(ComparisonStatus.AGREE)},
                {ComparisonStatus.DIFFERENT_GROUP.title(), counts.get(ComparisonStatus.DIFFERENT_GROUP)},
                {ComparisonStatus.ONLY_EXISTING.title(), counts.get(ComparisonStatus.ONLY_EXISTING)},
                {ComparisonStatus.ONLY_STACKS.title(), counts.get(ComparisonStatus.ONLY_STACKS)}}));
        for (ComparisonStatus status : List.of(ComparisonStatus.DIFFERENT_GROUP, ComparisonStatus.ONLY_EXISTING,
                ComparisonStatus.ONLY_STACKS, ComparisonStatus.AGREE)) {
            List<ComparedDomain> domains = comparison.with(status);
            if (domains.isEmpty()) {
                continue;
            }
            body.append("<h3>").append(escape(status.title())).append(" (")
                    .append(escape(DisplayFormat.count(domains.size()))).append(")</h3>")
                    .append("<table class=\"data\"><thead><tr><th>Domain</th><th>Existing group</th>"
                            + "<th>Stack group</th><th>Stack</th><th>Reason</th></tr></thead><tbody>");
            domains.stream().limit(MAX_TABLE_ROWS).forEach(domain -> body.append("<tr><td class=\"mono domain\">")
                    .append(shortened(domain.domain(), 300)).append("</td><td class=\"mono\">")
                    .append(escape(domain.existingGroup())).append("</td><td class=\"mono\">")
                    .append(escape(domain.stackGroup())).append("</td><td>").append(escape(domain.stackName()))
                    .append("<div class=\"mono muted small\">").append(stackId(domain.stackId())).append("</div></td><td>")
                    .append(escape(domain.reason())).append("</td></tr>"));
            body.append("</tbody></table>").append(capNote(domains.size(), MAX_TABLE_ROWS,
                    status.title() + " (compare.csv has them all)"));
        }
        return panel("comparison", "The existing table beside the stacks", body.toString());
    }

    // ---- header and run inputs -------------------------------------------------------------------------

    private String header() {
        String name = trail.executionName().orElse("Execution");
        String arn = trail.executionArn().map(value -> "<div class=\"arn mono\">" + escape(value) + "</div>")
                .orElse("<div class=\"arn\">Execution ARN not recorded in this history.</div>");
        String dryRun = trail.dryRun() ? "<span class=\"tag dry\">dry run</span>" : "";
        return """
                <header class="head">
                <div class="title-row"><h1>%s</h1>%s%s</div>
                %s
                </header>
                %s%s""".formatted(escape(name), statusBadge(trail.status()), dryRun, arn, failureAlert(),
                dryRunAlert());
    }

    private static String statusBadge(ExecutionStatus status) {
        return "<span class=\"status s-%s\">%s</span>".formatted(status.name().toLowerCase(Locale.ROOT)
                .replace('_', '-'), statusText(status));
    }

    private static String statusText(ExecutionStatus status) {
        return switch (status) {
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case TIMED_OUT -> "Timed out";
            case ABORTED -> "Aborted";
        };
    }

    private String failureAlert() {
        if (trail.error().isEmpty()) {
            return "";
        }
        ExecutionError error = trail.error().get();
        String message = DisplayFormat.causeMessage(error.cause());
        String full = error.cause().isEmpty() || message.equals(error.cause()) ? ""
                : "<details><summary>Full cause</summary><pre>" + escape(DisplayFormat.prettyJson(error.cause()))
                        + "</pre></details>";
        return """
                <section class="alert failure" role="alert">
                <div class="alert-title">%s: <span class="mono">%s</span></div>
                <div class="cause">%s</div>
                %s%s
                </section>""".formatted(statusText(trail.status()), escape(error.error()),
                message.isEmpty() ? "No cause given." : escape(message), whereCaught(), full);
    }

    private String whereCaught() {
        Optional<StateVisit> caught = trail.caughtVisit();
        if (caught.isEmpty()) {
            return trail.allVisits().stream().filter(visit -> visit.outcome() == Outcome.FAILED
                            && !definition.failurePath().contains(visit.name()) && !visit.type().equals("Fail"))
                    .findFirst()
                    .map(visit -> "<div class=\"where\">Failed in <b>" + escape(visit.name()) + "</b>"
                            + attemptsText(visit) + ".</div>")
                    .orElse("");
        }
        StateVisit visit = caught.get();
        String inner = visit.iterations().stream()
                .flatMap(iteration -> iteration.visits().stream()
                        .filter(innerVisit -> innerVisit.outcome() == Outcome.FAILED)
                        .map(innerVisit -> " (iteration " + iteration.index() + ", <b>" + escape(innerVisit.name())
                                + "</b>" + attemptsText(innerVisit) + ")"))
                .findFirst().orElse(attemptsText(visit));
        String recorded = trail.runFailure().isPresent()
                ? " " + escape(HistoryReader.FAIL_RUN) + " recorded the run as failed; nothing readers see changed."
                : "";
        return "<div class=\"where\">Raised in <b>" + escape(visit.name()) + "</b>" + inner
                + " and caught." + recorded + "</div>";
    }

    private static String attemptsText(StateVisit visit) {
        return visit.attempts().size() > 1 ? " after " + visit.attempts().size() + " attempts" : "";
    }

    private String dryRunAlert() {
        if (!trail.dryRun()) {
            return "";
        }
        String guard = trail.runReport().map(RunReport::pruneGuardWarning)
                .map(warning -> "<div><strong>The prune guard would refuse the real run:</strong> "
                        + Html.escape(warning) + "</div>")
                .orElse("");
        return """
                <section class="alert dry" role="note"><div class="alert-title">Dry run: these changes were \
                NOT applied.</div><div>The run computed and reported everything; domain_mappings is as it was, \
                and the run does not count as the last successful run.</div>""" + guard + "</section>";
    }

    private String details() {
        Optional<RunContext> run = trail.runContext();
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"Status", statusBadge(trail.status())});
        items.add(new String[] {"Started", escape(DisplayFormat.time(trail.startTime()))});
        items.add(new String[] {"Ended", trail.endTime().map(end -> escape(DisplayFormat.time(end)))
                .orElse("<span class=\"muted\">not ended</span>")});
        items.add(new String[] {"Duration", escape(DisplayFormat.duration(trail.duration()))
                + (trail.endTime().isEmpty() ? " <span class=\"muted\">so far</span>" : "")});
        items.add(new String[] {"Events", escape(DisplayFormat.count(trail.events().size()))});
        items.add(new String[] {"Run id", run.map(context -> escape(context.runId()))
                .or(() -> trail.runFailure().map(failure -> failure.runId() == null ? "none" : escape(failure.runId())))
                .orElse(unknown())});
        items.add(new String[] {"Mode", run.map(context -> escape(context.mode())).orElse(unknown())});
        items.add(new String[] {"Since", run.map(context -> context.since() == null ? "beginning of time"
                : escape(DisplayFormat.time(context.since()))).orElse(unknown())});
        items.add(new String[] {"Dry run", run.map(context -> context.dryRun() ? "<b>yes</b>" : "no")
                .orElse(unknown())});
        items.add(new String[] {"Force", run.map(context -> context.force() ? "<b>yes</b> (prune guard off)" : "no")
                .orElse(unknown())});
        StringBuilder grid = new StringBuilder("<dl class=\"kv\">");
        for (String[] item : items) {
            grid.append("<div><dt>").append(item[0]).append("</dt><dd>").append(item[1]).append("</dd></div>");
        }
        grid.append("</dl>");
        String note = run.isEmpty()
                ? "<p class=\"hint\">StartRun returned no run context, so mode and since are unknown.</p>" : "";
        String input = trail.executionInput().isBlank() ? "<p class=\"muted\">No input.</p>"
                : "<pre class=\"input\">" + escape(abbreviated(DisplayFormat.prettyJson(trail.executionInput()), 4000))
                        + "</pre>";
        return panel("details", "Execution details", grid + note + "<h3>Execution input</h3>" + input);
    }

    private static String unknown() {
        return "<span class=\"muted\">\u2014</span>";
    }

    // ---- graph and summary -----------------------------------------------------------------------------

    private String graph() {
        Set<String> unknownStates = new TreeSet<>();
        trail.allVisits().forEach(visit -> unknownStates.add(visit.name()));
        unknownStates.removeAll(definition.allStateNames());
        String warning = unknownStates.isEmpty() ? ""
                : "<p class=\"warn\">The history visits states this definition does not have: "
                        + escape(String.join(", ", unknownStates)) + ". Was it run from another version?</p>";
        String legend = """
                <div class="legend"><span class="sw o-succeeded"></span>Succeeded<span class="sw o-failed"></span>Failed\
                <span class="sw o-caught"></span>Caught<span class="sw o-in-progress"></span>In progress\
                <span class="sw o-aborted"></span>Aborted<span class="sw o-not-visited"></span>Not visited\
                <span class="badge-sample">\u21bb n</span>Retries<span class="line-sample"></span>Catch</div>""";
        return panel("graph", "Graph view", "<div class=\"graph-wrap\">" + StateGraphSvg.render(definition, trail)
                + "</div>" + legend + warning);
    }

    private String summary() {
        if (trail.runReport().isEmpty()) {
            String staged = trail.stagedCounts().map(ReportPage::stagedTiles).orElse("");
            String reason = trail.status() == ExecutionStatus.SUCCEEDED
                    ? "The execution output is not a readable run report."
                    : "No run report: the run ended before PruneDeleted applied it.";
            return panel("summary", "Run summary", "<p class=\"muted\">" + reason + "</p>" + staged);
        }
        RunReport report = trail.runReport().get();
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

    private static String tiles(Object[][] values) {
        StringBuilder tiles = new StringBuilder("<div class=\"tiles\">");
        for (Object[] value : values) {
            int number = (Integer) value[1];
            tiles.append("<div class=\"tile").append(number == 0 ? " zero" : "").append("\"><div class=\"n\">")
                    .append(escape(DisplayFormat.count(number))).append("</div><div class=\"l\">")
                    .append(escape(value[0])).append("</div></div>");
        }
        return tiles.append("</div>").toString();
    }

    // ---- timeline and retries --------------------------------------------------------------------------

    private String timeline() {
        String legend = """
                <div class="legend"><span class="sw bar-ok"></span>State visit<span class="sw bar-iteration"></span>\
                Map iteration<span class="sw bar-failed"></span>Failed attempt or state<span class="sw bar-wait"></span>\
                Wait before the next attempt<span class="sw bar-caught"></span>Caught</div>""";
        return panel("timeline", "Timeline", "<div class=\"timeline-wrap\">" + TimelineSvg.render(trail, definition)
                + "</div>" + legend + retries());
    }

    private String retries() {
        List<String> rows = new ArrayList<>();
        int failedAttempts = 0;
        for (StateVisit visit : trail.allVisits()) {
            List<TaskAttempt> attempts = visit.attempts();
            for (int i = 0; i < attempts.size(); i++) {
                TaskAttempt attempt = attempts.get(i);
                if (!attempt.failed()) {
                    continue;
                }
                failedAttempts++;
                if (rows.size() >= MAX_TABLE_ROWS) {
                    continue;
                }
                String after = i + 1 < attempts.size() && attempt.endedAt().isPresent()
                        ? "retried after " + DisplayFormat.duration(Duration.between(attempt.endedAt().get(),
                                attempts.get(i + 1).scheduledAt()))
                        : visit.outcome() == Outcome.CAUGHT ? "caught" : "not retried";
                rows.add("""
                        <tr><td>%s%s</td><td class="num">%d</td><td><span class="mono err">%s</span>\
                        <div class="muted small">%s</div></td><td class="nowrap">%s</td><td class="nowrap">%s</td>\
                        <td class="nowrap">%s</td></tr>""".formatted(escape(visit.name()), iterationOf(visit),
                        attempt.number(), escape(attempt.error().error()),
                        shortened(DisplayFormat.causeMessage(attempt.error().cause()), 160),
                        escape(DisplayFormat.offset(Duration.between(trail.startTime(), attempt.scheduledAt())
                                .toMillis())),
                        escape(DisplayFormat.duration(attempt.duration(trail.endOrLastEvent()))), escape(after)));
            }
        }
        if (failedAttempts == 0) {
            return "<p class=\"muted\">No task attempt failed: nothing was retried.</p>";
        }
        return """
                <h3>Failed attempts</h3>
                <table class="data"><thead><tr><th>State</th><th class="num">Attempt</th><th>Error</th>\
                <th>Started</th><th>Ran for</th><th>Then</th></tr></thead><tbody>%s</tbody></table>%s""".formatted(
                String.join("", rows), capNote(failedAttempts, rows.size(), "failed attempts"));
    }

    private String iterationOf(StateVisit visit) {
        for (StateVisit top : trail.visits()) {
            for (MapIteration iteration : top.iterations()) {
                if (iteration.visits().contains(visit)) {
                    return " <span class=\"muted small\">iteration " + iteration.index() + "</span>";
                }
            }
        }
        return "";
    }

    // ---- mapping changes -------------------------------------------------------------------------------

    private String changes() {
        if (trail.appliedStack().isPresent()) {
            return appliedStackChanges(trail.appliedStack().get());
        }
        if (trail.runReport().isEmpty()) {
            return panel("changes", "Mapping changes", "<p class=\"muted\">"
                    + (trail.status() == ExecutionStatus.SUCCEEDED ? "No readable run report."
                    : "None: a failed run changes nothing that readers see.") + "</p>");
        }
        RunReport report = trail.runReport().get();
        StringBuilder body = new StringBuilder();
        if (trail.dryRun() && !report.changes().isEmpty()) {
            body.append("<div class=\"banner dry\">Dry run: these changes were NOT applied.</div>");
        }
        if (report.changes().isEmpty()) {
            body.append("<p class=\"muted\">No mapping changed in this run.</p>");
            return panel("changes", "Mapping changes", body.toString());
        }
        Set<String> deleted = new HashSet<>(trail.deletedStackIds());
        Map<String, StackExtract> extracts = new LinkedHashMap<>();
        trail.extracts().forEach(extract -> extracts.put(extract.stackId(), extract));
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
        List<StackExtract> skipped = trail.extracts().stream().filter(StackExtract::isSkipped).toList();
        List<String[]> invalid = new ArrayList<>();
        for (StackExtract extract : trail.extracts()) {
            for (InvalidDomain domain : extract.invalidDomains()) {
                invalid.add(new String[] {extract.stackName(), extract.stackId(), domain.value(), domain.reason()});
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
            invalid.stream().limit(MAX_TABLE_ROWS).forEach(row -> body.append("<tr><td>").append(escape(row[0]))
                    .append("<div class=\"mono muted small\">").append(stackId(row[1])).append("</div></td>")
                    .append("<td class=\"mono\">").append(shortened(row[2], 300)).append("</td><td>")
                    .append(escape(row[3])).append("</td></tr>"));
            body.append("</tbody></table>").append(capNote(invalid.size(), MAX_TABLE_ROWS, "invalid domains"));
        }
        String source = "<p class=\"hint\">Collected from every ExtractParamsBatch output in the history"
                + (trail.extracts().isEmpty() ? "; this history has none." : ".") + "</p>";
        return panel("skips", "Skipped stacks and invalid domains", source + body);
    }

    private static String capNote(int total, int shown, String what) {
        return total <= shown ? "" : "<p class=\"note\">Showing %s of %s %s.</p>".formatted(
                escape(DisplayFormat.count(shown)), escape(DisplayFormat.count(total)), escape(what));
    }

    // ---- events ----------------------------------------------------------------------------------------

    private String events() {
        EventTable table = new EventTable(trail);
        return panel("events", "Events (" + DisplayFormat.count(trail.events().size()) + ")",
                "<details class=\"events\" open><summary>Event history</summary>" + table.html() + "</details>");
    }

    static String panel(String id, String title, String body) {
        return """
                <section class="panel" id="%s"><h2>%s</h2><div class="panel-body">%s</div></section>"""
                .formatted(escape(id), escape(title), body);
    }

    static String abbreviated(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n\u2026 (" + (text.length() - max)
                + " more characters)";
    }

    private static final String SCRIPT = """
            document.documentElement.classList.add('js');
            document.querySelectorAll('tbody.iteration').forEach(function (group) {
              var head = group.querySelector('tr.iteration-head');
              if (head) { head.addEventListener('click', function () { group.classList.toggle('open'); }); }
            });""";
}
