package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;
import static dev.domainsync.statemachine.report.Html.shortened;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event list, as the console's event view shows it: id, type, state, time and a short detail. Each Map
 * iteration's events are grouped under one row at the place the iteration started (collapsed when script
 * runs, all visible without it), and a long history is cut after {@link #MAX_EVENT_ROWS} rows, always
 * keeping its last events, since that is where a failure is.
 */
final class EventTable {

    static final int MAX_EVENT_ROWS = 1000;
    static final int TAIL_EVENTS = 40;
    static final int MAX_EXPANDED_ITERATIONS = 40;
    private static final int DETAIL_CHARS = 120;

    /** One row of the list: a lone event, or the events of one iteration. */
    private record Entry(TracedEvent event, IterationKey iteration, List<TracedEvent> members) {
    }

    private final ExecutionTrail trail;
    private final Map<IterationKey, MapIteration> iterations = new HashMap<>();
    private final StringBuilder html = new StringBuilder();
    private boolean inGroup = true;
    private int rows;
    private int groups;

    EventTable(ExecutionTrail trail) {
        this.trail = trail;
        trail.visits().forEach(this::indexIterations);
    }

    private void indexIterations(StateVisit visit) {
        for (MapIteration iteration : visit.iterations()) {
            iterations.put(iteration.key(), iteration);
            iteration.visits().forEach(this::indexIterations);
        }
    }

    String html() {
        List<Entry> entries = entries();
        int events = trail.events().size();
        int tailFrom = entries.size();
        int tailEvents = 0;
        while (tailFrom > 0 && tailEvents < TAIL_EVENTS) {
            tailFrom--;
            tailEvents += weight(entries.get(tailFrom));
        }
        html.append("""
                <table class="data events-table"><thead><tr><th class="num">ID</th><th>Type</th><th>State</th>\
                <th class="num">Since start</th><th>Time (UTC)</th><th>Detail</th></tr></thead>""");
        int listed = 0;
        int index = 0;
        for (; index < entries.size() && rows < MAX_EVENT_ROWS; index++) {
            listed += render(entries.get(index));
        }
        if (index < entries.size()) {
            int resume = Math.max(index, tailFrom);
            long firstSkipped = firstId(entries.get(index));
            int skipped = 0;
            for (int i = index; i < resume; i++) {
                skipped += weight(entries.get(i));
            }
            if (skipped > 0) {
                plainBody();
                html.append("<tr class=\"cut\"><td colspan=\"6\">\u2026 %s not listed here (from id %d on); "
                        .formatted(escape(DisplayFormat.plural(skipped, "event", "events")), firstSkipped)
                        + "history.json beside this report holds every event. The last events follow.</td></tr>");
            }
            for (int i = resume; i < entries.size(); i++) {
                listed += render(entries.get(i));
            }
        }
        if (!inGroup) {
            html.append("</tbody>");
        }
        html.append("</table>");
        String note = listed < events ? "<p class=\"note\">Listed %s of %s events; grouped Map iterations beyond the first %d show their summary only.</p>"
                .formatted(escape(DisplayFormat.count(listed)), escape(DisplayFormat.count(events)),
                        MAX_EXPANDED_ITERATIONS) : "";
        return note + html;
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        Map<IterationKey, List<TracedEvent>> open = new LinkedHashMap<>();
        for (TracedEvent event : trail.events()) {
            if (event.iteration().isEmpty()) {
                entries.add(new Entry(event, null, List.of()));
                continue;
            }
            IterationKey key = event.iteration().get();
            List<TracedEvent> members = open.get(key);
            if (members == null) {
                members = new ArrayList<>();
                open.put(key, members);
                entries.add(new Entry(null, key, members));
            }
            members.add(event);
        }
        return entries;
    }

    private static int weight(Entry entry) {
        return entry.event() != null ? 1 : entry.members().size();
    }

    private static long firstId(Entry entry) {
        return entry.event() != null ? entry.event().event().id() : entry.members().get(0).event().id();
    }

    /** Renders one entry; returns how many events it lists. */
    private int render(Entry entry) {
        if (entry.event() != null) {
            plainBody();
            html.append(row(entry.event(), false));
            rows++;
            return 1;
        }
        if (!inGroup) {
            html.append("</tbody>");
        }
        inGroup = true;
        groups++;
        List<TracedEvent> members = entry.members();
        boolean expanded = groups <= MAX_EXPANDED_ITERATIONS;
        MapIteration iteration = iterations.get(entry.iteration());
        String stateName = members.get(0).stateName();
        String outcome = iteration == null ? "" : iteration.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String duration = iteration == null ? "" : " \u00b7 " + DisplayFormat.duration(
                iteration.duration(trail.endOrLastEvent()));
        html.append("<tbody class=\"iteration\"><tr class=\"iteration-head%s\"><td colspan=\"6\"><span class=\"caret\"></span>"
                .formatted(expanded ? "" : " summary-only"))
                .append(escape(stateName)).append(" \u00b7 iteration ").append(entry.iteration().index())
                .append(" \u00b7 ").append(escape(DisplayFormat.plural(members.size(), "event", "events")))
                .append(" (ids ").append(members.get(0).event().id()).append("\u2013")
                .append(members.get(members.size() - 1).event().id()).append(")").append(escape(duration))
                .append(outcome.isEmpty() ? "" : " \u00b7 <span class=\"o-text o-" + outcome.replace(' ', '-') + "\">"
                        + escape(outcome) + "</span>")
                .append(expanded ? "" : " \u00b7 <span class=\"muted\">events in history.json</span>")
                .append("</td></tr>");
        rows++;
        if (!expanded) {
            html.append("</tbody>");
            inGroup = false;
            html.append("<tbody>");
            return 0;
        }
        for (TracedEvent member : members) {
            html.append(row(member, true));
            rows++;
        }
        html.append("</tbody>");
        inGroup = false;
        html.append("<tbody>");
        return members.size();
    }

    private void plainBody() {
        if (inGroup) {
            html.append("<tbody>");
            inGroup = false;
        }
    }

    private String row(TracedEvent traced, boolean member) {
        ExecutionEvent event = traced.event();
        boolean failure = event.type().endsWith("Failed") || event.type().endsWith("TimedOut")
                || event.type().endsWith("Aborted");
        String css = (member ? "member" : "") + (failure ? " ev-failed" : "")
                + (event.type().startsWith("Execution") ? " ev-execution" : "");
        return "<tr class=\"%s\"><td class=\"num\">%d</td><td class=\"type\">%s</td><td>%s</td><td class=\"num\">%s</td>"
                .formatted(css.trim(), event.id(), escape(event.type()), escape(traced.stateName()),
                        escape(DisplayFormat.offset(Duration.between(trail.startTime(), event.timestamp()).toMillis())))
                + "<td class=\"mono small\">%s</td><td class=\"detail\"><div class=\"clip\">%s</div></td></tr>".formatted(
                escape(DisplayFormat.clock(event.timestamp())), detail(event));
    }

    private static String detail(ExecutionEvent event) {
        String type = event.type();
        String error = event.detail("error");
        if (!error.isEmpty() || type.endsWith("Failed") || type.endsWith("TimedOut")) {
            String cause = DisplayFormat.causeMessage(event.detail("cause"));
            return "<span class=\"mono err\">" + escape(error) + "</span>"
                    + (cause.isEmpty() ? "" : " " + shortened(cause, DETAIL_CHARS));
        }
        if (type.equals("MapStateStarted")) {
            return escape(DisplayFormat.plural(event.details().path("length").asInt(), "item", "items"));
        }
        if (type.startsWith("MapIteration")) {
            return "index " + event.details().path("index").asInt();
        }
        if (type.endsWith("Scheduled")) {
            String resource = event.detail("resource");
            int function = resource.indexOf(":function:");
            String name = function < 0 ? resource : resource.substring(function + ":function:".length());
            return "<span class=\"mono\">" + shortened(name, 80) + "</span>";
        }
        for (String field : List.of("output", "input")) {
            String value = event.detail(field);
            if (!value.isEmpty()) {
                return "<span class=\"mono muted\">" + escape(field) + " " + shortened(value, DETAIL_CHARS) + "</span>";
            }
        }
        return "";
    }
}
