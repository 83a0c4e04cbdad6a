package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;
import static dev.domainsync.statemachine.report.Html.shortened;
import static dev.domainsync.statemachine.report.ReportPage.MAX_TABLE_ROWS;
import static dev.domainsync.statemachine.report.ReportPage.capNote;
import static dev.domainsync.statemachine.report.ReportPage.panel;
import static dev.domainsync.statemachine.report.RunDigestSections.stackId;
import static dev.domainsync.statemachine.report.RunDigestSections.tiles;

import dev.domainsync.statemachine.compare.ComparedDomain;
import dev.domainsync.statemachine.compare.Comparison;
import dev.domainsync.statemachine.compare.ComparisonStatus;
import java.util.List;
import java.util.Map;

/** The comparison section of {@code domain-sync compare}'s report: the existing table beside the stacks. */
final class ComparisonPanel {

    private ComparisonPanel() {
    }

    static String html(Comparison comparison) {
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
}
