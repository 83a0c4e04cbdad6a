package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;
import static dev.domainsync.statemachine.report.Html.shortened;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
    private final PageDigest digest;
    private final WorkflowDefinition definition;

    private ReportPage(ExecutionTrail trail, PageDigest digest, WorkflowDefinition definition) {
        this.trail = trail;
        this.digest = digest;
        this.definition = definition;
    }

    /** The page of {@code trail}, with the sections {@code digest} adds from the workflow's own records. */
    static String render(ExecutionTrail trail, PageDigest digest, WorkflowDefinition definition) {
        return new ReportPage(trail, digest, definition).page();
    }

    private String page() {
        String title = "domain-sync \u00b7 " + executionName().orElse("execution") + " \u00b7 "
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
                <footer>Built from the execution history (%s) and the state machine definition alone. \
                Times are UTC.</footer>
                </main>
                <script>%s</script>
                </body>
                </html>
                """.formatted(contentSecurityPolicy(PageAssets.CSS, PageAssets.SCRIPT), escape(title), PageAssets.CSS,
                header(), digest.beforeDetails(), details(), graph(), digest.summary(), timeline(),
                digest.afterTimeline(), events(), escape(DisplayFormat.plural(trail.events().size(), "event", "events")),
                PageAssets.SCRIPT);
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

    // ---- header and run inputs -------------------------------------------------------------------------

    private String header() {
        String name = executionName().orElse("Execution");
        String arn = digest.executionArn().map(value -> "<div class=\"arn mono\">" + escape(value) + "</div>")
                .orElse("<div class=\"arn\">Execution ARN not recorded in this history.</div>");
        String tags = digest.titleTags();
        return """
                <header class="head">
                <div class="title-row"><h1>%s</h1>%s%s</div>
                %s
                </header>
                %s%s""".formatted(escape(name), statusBadge(trail.status()), tags, arn, failureAlert(),
                digest.alerts());
    }

    private static String statusBadge(TrailStatus status) {
        return "<span class=\"status s-%s\">%s</span>".formatted(status.name().toLowerCase(Locale.ROOT)
                .replace('_', '-'), statusText(status));
    }

    private static String statusText(TrailStatus status) {
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
        String recorded = digest.caughtNote();
        return "<div class=\"where\">Raised in <b>" + escape(visit.name()) + "</b>" + inner
                + " and caught." + recorded + "</div>";
    }

    private static String attemptsText(StateVisit visit) {
        return visit.attempts().size() > 1 ? " after " + visit.attempts().size() + " attempts" : "";
    }

    private String details() {
        List<DetailRow> rows = new ArrayList<>();
        rows.add(new DetailRow("Status", statusBadge(trail.status())));
        rows.add(new DetailRow("Started", escape(DisplayFormat.time(trail.startTime()))));
        rows.add(new DetailRow("Ended", trail.endTime().map(end -> escape(DisplayFormat.time(end)))
                .orElse("<span class=\"muted\">not ended</span>")));
        rows.add(new DetailRow("Duration", escape(DisplayFormat.duration(trail.duration()))
                + (trail.endTime().isEmpty() ? " <span class=\"muted\">so far</span>" : "")));
        rows.add(new DetailRow("Events", escape(DisplayFormat.count(trail.events().size()))));
        rows.addAll(digest.detailRows());
        StringBuilder grid = new StringBuilder("<dl class=\"kv\">");
        for (DetailRow row : rows) {
            grid.append("<div><dt>").append(row.term()).append("</dt><dd>").append(row.html()).append("</dd></div>");
        }
        grid.append("</dl>");
        String input = trail.executionInput().isBlank() ? "<p class=\"muted\">No input.</p>"
                : "<pre class=\"input\">" + escape(abbreviated(DisplayFormat.prettyJson(trail.executionInput()), 4000))
                        + "</pre>";
        return panel("details", "Execution details", grid + digest.detailNote() + "<h3>Execution input</h3>" + input);
    }

    /** The last part of the ARN, as the console titles an execution; empty when the history does not tell it. */
    private Optional<String> executionName() {
        return digest.executionArn().map(arn -> arn.substring(arn.lastIndexOf(':') + 1));
    }

    // ---- graph -----------------------------------------------------------------------------------

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

    static String capNote(int total, int shown, String what) {
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
}
