package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditReportTest {

    @Test
    void successfulTwoPageRun_showsVisitsRetryInputsAndChanges() {
        String html = Fixtures.report(Fixtures.SUCCESS).html();

        assertThat(ReaderView.header(html)).startsWith("scheduled-2026-11-28T05-00-00 Succeeded");
        assertThat(ReaderView.details(html)).containsEntry("Status", "Succeeded").containsEntry("Mode", "INCREMENTAL")
                .containsEntry("Since", "2026-11-25 23:00:00.000 UTC").containsEntry("Duration", "6.65 s");
        assertThat(ReaderView.node(html, "ListStacks").outcome()).isEqualTo("succeeded");
        assertThat(ReaderView.node(html, "ListStacks").label()).contains("\u00d72", "\u21bb 1");
        assertThat(ReaderView.node(html, "ExtractParams").label()).contains("\u00d72 \u00b7 3 iterations");
        assertThat(ReaderView.node(html, "ExtractParamsBatch").label()).contains("\u00d73").doesNotContain("\u21bb");
        assertThat(ReaderView.node(html, "FailRun").outcome()).isEqualTo("not visited");
        String text = ReaderView.text(html);
        assertThat(text).contains("CloudFormationThrottlingException", "retried after 3.14 s");
        assertThat(ReaderView.rows(ReaderView.panel(html, "Mapping changes")))
                .extracting(row -> String.join(" | ", row.get(0), row.get(1), row.get(2), row.get(4)))
                .containsExactly("Domain | Action | Group | Why",
                        "shop.example.com | INSERT | g-100 | new claim",
                        "www.shop.example.com | INSERT | g-100 | new claim",
                        "blog.example.org | UPDATE | g-5 \u2192 g-9 | group changed",
                        "api.example.net | UPDATE | g-7 | old stack deleted; the next claim wins",
                        "old.example.com | DELETE | g-3 \u2192 removed | stack deleted");
        assertThat(text).contains("cdn-legacy-portal", "MISSING_GROUP_PARAMETER", "bad_domain!.example.org");
        assertThat(text).doesNotContain("NOT applied", "mapping_changes WHERE");
        assertThat(ReaderView.alert(html)).isEmpty();
    }

    @Test
    void failedRun_showsErrorAndCauseAndColoursTheFailurePath() {
        String html = Fixtures.report(Fixtures.FAILED).html();

        assertThat(ReaderView.alert(html)).startsWith("Failed: dev.domainsync.registry.PruneGuardException")
                .contains("Pruning would delete 61 of 118 mappings (52%), above the prune guard of 25%",
                        "Raised in PruneDeleted after 2 attempts and caught.");
        assertThat(ReaderView.details(html)).containsEntry("Status", "Failed");
        assertThat(ReaderView.node(html, "PruneDeleted").outcome()).isEqualTo("caught");
        assertThat(ReaderView.node(html, "PruneDeleted").label()).contains("\u21bb 1");
        assertThat(ReaderView.node(html, "FailRun").outcome()).isEqualTo("failed");
        assertThat(ReaderView.node(html, "Failed").outcome()).isEqualTo("failed");
        assertThat(ReaderView.node(html, "Done").outcome()).isEqualTo("not visited");
        assertThat(ReaderView.node(html, "WriteRows").outcome()).isEqualTo("succeeded");
        assertThat(ReaderView.text(ReaderView.panel(html, "Graph view"))).contains("Catch taken from PruneDeleted");
        assertThat(ReaderView.text(html)).contains("a failed run changes nothing that readers see");
    }

    @Test
    void dryRun_saysClearlyThatTheChangesWereNotApplied() {
        String html = Fixtures.report(Fixtures.DRY_RUN).html();

        assertThat(ReaderView.header(html)).contains("dry run");
        assertThat(ReaderView.details(html)).containsEntry("Mode", "BACKFILL").containsEntry("Since", "beginning of time")
                .containsEntry("Dry run", "yes");
        String text = ReaderView.text(html);
        assertThat(text).contains("Dry run: these changes were NOT applied", "docs.example.io", "BLANK_DOMAIN_PARAMETER");
        assertThat(count(text, "these changes were NOT applied")).isEqualTo(2);
    }

    @Test
    void hostileNames_areEscapedEverywhere() {
        String html = Fixtures.report(Fixtures.HOSTILE).html();

        assertThat(html).doesNotContain("<script>alert", "<img", "<b>bold", "</pre><script>");
        assertThat(count(html, "<script")).as("only the page's own script").isEqualTo(1);
        assertThat(html).contains(
                "&lt;script&gt;alert(&#39;stack&#39;)&lt;/script&gt;",
                "&lt;script&gt;alert(&#39;change&#39;)&lt;/script&gt;.example.com",
                "&lt;script&gt;alert(&#39;group&#39;)&lt;/script&gt;",
                "&lt;script&gt;alert(&#39;domain&#39;)&lt;/script&gt;",
                "&lt;script&gt;alert(&#39;error&#39;)&lt;/script&gt;",
                "cdn-&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;");
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.SUCCESS, Fixtures.FAILED, Fixtures.DRY_RUN, Fixtures.HOSTILE})
    void page_loadsNothingFromOutside(String fixture) {
        String html = Fixtures.report(fixture).html();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>");
        assertThat(ReaderView.panel(html, "Graph view")).contains("<svg", "aria-label=\"State machine graph");
        assertThat(ReaderView.panel(html, "Timeline")).contains("<svg", "aria-label=\"Timeline of state visits\"");
        assertThat(html).doesNotContain("src=\"http", "src='http", "<link", "@import", "url(http", "href=\"http",
                "http://", "https://", "<script src", "<img", "<iframe");
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.SUCCESS, Fixtures.FAILED, Fixtures.DRY_RUN, Fixtures.HOSTILE})
    void page_hasAStrictContentSecurityPolicy_whoseHashesAreThoseOfItsOwnInlineStyleAndScript(String fixture)
            throws Exception {
        String html = Fixtures.report(fixture).html();

        Matcher policy = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")
                .matcher(html);
        assertThat(policy.find()).as("the CSP meta element").isTrue();
        assertThat(html.indexOf("<meta http-equiv=\"Content-Security-Policy\"")).isLessThan(html.indexOf("<style>"));
        String style = section(html, "<style>", "</style>").substring("<style>".length());
        String script = section(html, "<script>", "</script>").substring("<script>".length());
        assertThat(count(html, "<style")).isEqualTo(1);
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(policy.group(1)).isEqualTo("default-src 'none'; style-src '" + sha256(style) + "'; script-src '"
                + sha256(script) + "'; img-src 'none'; base-uri 'none'; form-action 'none'")
                .doesNotContain("unsafe");
        assertThat(Pattern.compile("<[^>]*\\s(on[a-z]+|style)\\s*=").matcher(html).find())
                .as("an inline event handler or style attribute, which the policy would block").isFalse();
    }

    @Test
    void largeExecution_staysCompactAndCapsTheEventList() {
        JsonNode history = SyntheticHistory.backfill(100, 100, 20);
        assertThat(history.get("events").size()).isBetween(5_000, 7_000);

        String html = AuditReport.fromHistory(history, Fixtures.definition()).html();

        assertThat(html.length()).isLessThan(1_500_000);
        assertThat(missing(html, "not listed here", "visits that fall within a pixel are merged",
                "Showing 500 of 1,000 skipped stacks", "<code>SELECT * FROM mapping_changes WHERE run_id = 7</code>",
                "Showing the first 200 of 9,000 changes")).isEmpty();
        assertThat(count(section(ReaderView.panel(html, "Timeline"), "<svg", "</svg>"), "<rect")).isLessThan(3_000);
        assertThat(count(html, "<tr")).isLessThan(EventTable.MAX_EVENT_ROWS + 2 * ReportPage.MAX_TABLE_ROWS + 300);
        assertThat(ReaderView.node(html, "ListStacks").label()).contains("\u00d7100", "\u21bb 10");
    }

    @Test
    void writeTo_writesTheReportAndThePrettyPrintedHistory(@TempDir Path dir) throws Exception {
        JsonNode history = Fixtures.history(Fixtures.SUCCESS);
        AuditReport report = AuditReport.fromHistory(history, Fixtures.definition());

        report.writeTo(dir.resolve("out"));

        String written = Files.readString(dir.resolve("out/history.json"));
        assertThat(written).startsWith("{\n  \"events\" : [ {\n");
        assertThat(Json.mapper().readTree(written)).isEqualTo(history);
        assertThat(Files.readString(dir.resolve("out/report.html"))).isEqualTo(report.html());
    }

    @Test
    void executionAbortedBeforeAnyState_stillRendersWithTheAbortShown() {
        String history = """
                {"events": [
                  {"timestamp": "2026-11-28T05:00:00.000Z", "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
                   "executionStartedEventDetails": {"input": "{}"}},
                  {"timestamp": "2026-11-28T05:00:01.500Z", "type": "ExecutionAborted", "id": 2, "previousEventId": 1,
                   "executionAbortedEventDetails": {"error": "Stopped", "cause": "stopped from the console"}}
                ]}""";

        AuditReport report = AuditReport.fromHistory(history, Fixtures.definition().toString());

        assertThat(report.trail().status()).isEqualTo(TrailStatus.ABORTED);
        assertThat(ReaderView.details(report.html())).containsEntry("Status", "Aborted")
                .containsEntry("Duration", "1.50 s");
        assertThat(ReaderView.alert(report.html())).contains("stopped from the console");
        assertThat(ReaderView.text(report.html())).contains("StartRun returned no run context");
        assertThat(ReaderView.node(report.html(), "StartRun").outcome()).isEqualTo("not visited");
    }

    @Test
    void historyWithoutEvents_isRejectedWithWhatWasExpected() {
        String definition = Fixtures.definition().toString();

        assertThatThrownBy(() -> AuditReport.fromHistory("{\"executionArn\": \"x\"}", definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'events' array");
        assertThatThrownBy(() -> AuditReport.fromHistory("not json", definition))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution history is not JSON");
    }

    /** The parts that the page lacks; keeps a 1 MB page out of the failure message. */
    private static List<String> missing(String html, String... parts) {
        return Arrays.stream(parts).filter(part -> !html.contains(part)).toList();
    }

    private static String section(String html, String start, String end) {
        int from = html.indexOf(start);
        return html.substring(from, html.indexOf(end, from));
    }

    private static String sha256(String text) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
