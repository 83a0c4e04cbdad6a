package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * report.html as its reader meets it, for tests that assert on what the page says rather than on how it is drawn:
 * the words of a part of the page, the details list, the rows of the tables, a graph node's label and tooltip. It
 * knows the page's elements and headings, never its CSS classes.
 */
final class ReaderView {

    private static final Pattern INVISIBLE = Pattern.compile("(?s)<head>.*?</head>|<script>.*?</script>"
            + "|<style>.*?</style>");
    /** Tags that sit inside a run of text; every other tag separates words. */
    private static final Pattern INLINE_TAG = Pattern.compile("</?(?:b|i|em|strong|code|span|a|small)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(\\d+);");

    private ReaderView() {
    }

    /** The words of {@code html} as a browser shows them (tooltips included), one space between runs of text. */
    static String text(String html) {
        String visible = INVISIBLE.matcher(html).replaceAll(" ");
        visible = INLINE_TAG.matcher(visible).replaceAll("");
        visible = TAG.matcher(visible).replaceAll(" ");
        return unescape(visible).replaceAll("\\s+", " ").trim();
    }

    /** The panel under the heading that starts with {@code heading}, as HTML. */
    static String panel(String html, String heading) {
        Matcher matcher = Pattern.compile("<section[^>]*><h2>" + Pattern.quote(heading)).matcher(html);
        assertThat(matcher.find()).as("a panel headed '%s'", heading).isTrue();
        return html.substring(matcher.start(), html.indexOf("</section>", matcher.start()));
    }

    /** The page's header: the execution's name and the tags beside it. */
    static String header(String html) {
        return text(between(html, "<header", "</header>"));
    }

    /** The failure alert, the one part of the page announced as an alert; empty when there is none. */
    static String alert(String html) {
        int start = html.indexOf("role=\"alert\"");
        return start < 0 ? "" : text(html.substring(start + "role=\"alert\">".length(),
                html.indexOf("</section>", start)));
    }

    /** The execution details list: each term and its description, in page order. */
    static Map<String, String> details(String html) {
        Map<String, String> details = new LinkedHashMap<>();
        Matcher matcher = Pattern.compile("(?s)<dt>(.*?)</dt><dd>(.*?)</dd>").matcher(html);
        while (matcher.find()) {
            details.put(text(matcher.group(1)), text(matcher.group(2)));
        }
        return details;
    }

    /** The rows of every table in {@code html}, each as the texts of its cells. */
    static List<List<String>> rows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("(?s)<tr[^>]*>(.*?)</tr>").matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("(?s)<t[dh][^>]*>(.*?)</t[dh]>").matcher(row.group(1));
            while (cell.find()) {
                cells.add(text(cell.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The graph node (or Map box) of {@code state}: its tooltip, and the label drawn in it. */
    record GraphNode(String tooltip, String label) {

        /** How the execution left the state, as the tooltip words it: succeeded, caught, failed, not visited... */
        String outcome() {
            String firstLine = tooltip.lines().findFirst().orElse("");
            return firstLine.endsWith("not visited") ? "not visited"
                    : firstLine.substring(firstLine.lastIndexOf(", ") + 2);
        }
    }

    static GraphNode node(String html, String state) {
        String graph = panel(html, "Graph view");
        Matcher title = Pattern.compile("<title>(" + Pattern.quote(state) + " \\([^<]*)</title>").matcher(graph);
        assertThat(title.find()).as("graph node for %s", state).isTrue();
        int start = graph.lastIndexOf("<g", title.start());
        int end = start;
        int depth = 0;
        Matcher group = Pattern.compile("<g[ >]|</g>").matcher(graph);
        group.region(start, graph.length());
        while (group.find()) {
            depth += group.group().equals("</g>") ? -1 : 1;
            if (depth == 0) {
                end = group.end();
                break;
            }
        }
        String node = graph.substring(start, end);
        String label = text(node.replaceFirst("(?s)<title>.*?</title>", ""));
        return new GraphNode(unescape(title.group(1)), label);
    }

    private static String between(String html, String start, String end) {
        int from = html.indexOf(start);
        assertThat(from).as("the page has %s", start).isNotNegative();
        return html.substring(from, html.indexOf(end, from));
    }

    private static String unescape(String text) {
        String decoded = NUMERIC_ENTITY.matcher(text)
                .replaceAll(match -> Matcher.quoteReplacement(Character.toString(Integer.parseInt(match.group(1)))));
        return decoded.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ")
                .replace("&amp;", "&");
    }
}
