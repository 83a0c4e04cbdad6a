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

        assertThat(html).contains("<h1>scheduled-2026-11-28T05-00-00</h1>", "status s-succeeded",
                "<dd>INCREMENTAL</dd>", "2026-11-25 23:00:00.000 UTC", "6.65 s");
        assertThat(outcome(html, "ListStacks")).isEqualTo("o-succeeded");
        assertThat(node(html, "ListStacks")).contains("\u00d72", "\u21bb 1");
        assertThat(node(html, "ExtractParams")).contains("\u00d72 \u00b7 3 iterations");
        assertThat(node(html, "ExtractParamsBatch")).contains("\u00d73").doesNotContain("\u21bb");
        assertThat(outcome(html, "FailRun")).isEqualTo("o-not-visited");
        assertThat(html).contains("CloudFormationThrottlingException", "retried after 3.14 s");
        assertThat(html).contains("shop.example.com", "<span class=\"action a-delete\">DELETE</span>",
                "group changed", "old stack deleted; the next claim wins", "stack deleted");
        assertThat(html).contains("cdn-legacy-portal", "MISSING_GROUP_PARAMETER", "bad_domain!.example.org");
        assertThat(html).doesNotContain("NOT applied", "alert failure", "mapping_changes WHERE");
    }

    @Test
    void failedRun_showsErrorAndCauseAndColoursTheFailurePath() {
        String html = Fixtures.report(Fixtures.FAILED).html();

        assertThat(html).contains("<section class=\"alert failure\"", "status s-failed",
                "dev.domainsync.registry.PruneGuardException",
                "Pruning would delete 61 of 118 mappings (52%), above the prune guard of 25%",
                "Raised in <b>PruneDeleted</b> after 2 attempts and caught.");
        assertThat(outcome(html, "PruneDeleted")).isEqualTo("o-caught");
        assertThat(node(html, "PruneDeleted")).contains("\u21bb 1");
        assertThat(outcome(html, "FailRun")).isEqualTo("o-failed");
        assertThat(outcome(html, "Failed")).isEqualTo("o-failed");
        assertThat(outcome(html, "Done")).isEqualTo("o-not-visited");
        assertThat(outcome(html, "WriteRows")).isEqualTo("o-succeeded");
        assertThat(html).contains("class=\"edge caught\"", "a failed run changes nothing that readers see");
    }

    @Test
    void dryRun_saysClearlyThatTheChangesWereNotApplied() {
        String html = Fixtures.report(Fixtures.DRY_RUN).html();

        assertThat(html).contains("Dry run: these changes were NOT applied", "<span class=\"tag dry\">dry run</span>",
                "<dd>BACKFILL</dd>", "beginning of time", "docs.example.io", "BLANK_DOMAIN_PARAMETER");
        assertThat(count(html, "these changes were NOT applied")).isEqualTo(2);
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

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>", "<svg class=\"graph\"",
                "<svg class=\"timeline\"");
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
        assertThat(count(section(html, "<svg class=\"timeline\"", "</svg>"), "<rect")).isLessThan(3_000);
        assertThat(count(html, "<tr")).isLessThan(EventTable.MAX_EVENT_ROWS + 2 * ReportPage.MAX_TABLE_ROWS + 300);
        assertThat(node(html, "ListStacks")).contains("\u00d7100", "\u21bb 10");
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
        assertThat(report.html()).contains("status s-aborted", "stopped from the console", "1.50 s",
                "StartRun returned no run context");
        assertThat(outcome(report.html(), "StartRun")).isEqualTo("o-not-visited");
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

    /** The graph node (or Map box) of a state, from its group to the next state's. */
    private static String node(String html, String state) {
        Matcher matcher = nodeStart(state).matcher(html);
        assertThat(matcher.find()).as("graph node for %s", state).isTrue();
        int end = html.indexOf("<g class=\"", matcher.end());
        while (end >= 0 && html.startsWith("<g class=\"retry-badge", end)) {
            end = html.indexOf("<g class=\"", end + 1);
        }
        return html.substring(matcher.start(), end < 0 ? html.length() : end);
    }

    private static String outcome(String html, String state) {
        Matcher matcher = nodeStart(state).matcher(html);
        assertThat(matcher.find()).as("graph node for %s", state).isTrue();
        return matcher.group(1);
    }

    private static Pattern nodeStart(String state) {
        return Pattern.compile("<g class=\"(?:node|map) (o-[a-z-]+)\"><title>" + Pattern.quote(state) + " \\(");
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
