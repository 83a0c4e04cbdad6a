package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;

import dev.domainsync.statemachine.report.GraphStats.StateStats;
import dev.domainsync.statemachine.report.WorkflowDefinition.StateDefinition;
import dev.domainsync.statemachine.report.WorkflowDefinition.Transition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The definition drawn as the console's graph view draws it, as inline SVG: states top to bottom in file
 * order, the failure path (states reached only through a Catch) in a column of its own on the right, Catch
 * edges dashed into it, back edges (the page loop) on the left, a Map as a box around its inner states.
 * Each state is coloured by how the execution left it; transitions the execution took are drawn darker.
 */
final class StateGraphSvg {

    private static final int NODE_W = 224;
    private static final int NODE_H = 46;
    private static final int GAP = 34;
    private static final int INNER_GAP = 22;
    private static final int LEFT = 96;
    private static final int MAP_PAD = 16;
    private static final int MAP_HEADER = 36;
    private static final int COLUMN_GAP = 112;
    private static final int PILL_W = 64;
    private static final int PILL_H = 24;
    private static final int LANE = 14;
    private static final String START = GraphStats.START;
    private static final String END = GraphStats.END;

    private record Box(double x, double y, double w, double h) {
        double cx() {
            return x + w / 2;
        }

        double cy() {
            return y + h / 2;
        }

        double right() {
            return x + w;
        }

        double bottom() {
            return y + h;
        }
    }

    private record Slot(Box box, String column, int row) {
    }

    private final WorkflowDefinition definition;
    private final GraphStats stats;
    private final Set<String> failurePath;
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<String, Double> columnLeft = new HashMap<>();
    private final StringBuilder edges = new StringBuilder();
    private final StringBuilder nodes = new StringBuilder();
    private int gutterLanes;
    private double width;
    private double height;

    private StateGraphSvg(WorkflowDefinition definition, ExecutionTrail trail) {
        this.definition = definition;
        this.failurePath = definition.failurePath();
        this.stats = GraphStats.of(trail, failurePath);
    }

    static String render(WorkflowDefinition definition, ExecutionTrail trail) {
        return new StateGraphSvg(definition, trail).svg();
    }

    private String svg() {
        List<StateDefinition> main = definition.states().stream()
                .filter(state -> !failurePath.contains(state.name())).toList();
        List<StateDefinition> failure = definition.states().stream()
                .filter(state -> failurePath.contains(state.name())).toList();
        Box start = new Box(LEFT + NODE_W / 2.0 - PILL_W / 2.0, 14, PILL_W, PILL_H);
        slots.put(START, new Slot(start, "main", -1));
        double bottom = layoutColumn(main, "main", LEFT, start.bottom() + GAP);
        List<Box> mainRows = main.stream().map(state -> slots.get(state.name()).box()).toList();
        double mainRight = LEFT + NODE_W + MAP_PAD;
        double failureX = mainRight + COLUMN_GAP;
        double previousBottom = 0;
        for (int k = 0; k < failure.size(); k++) {
            int row = mainRows.size() - failure.size() + k;
            double y = row >= 0 ? mainRows.get(row).cy() - NODE_H / 2.0 : bottom + GAP;
            y = Math.max(y, previousBottom + (k == 0 ? 0 : GAP));
            Box box = new Box(failureX, y, NODE_W, NODE_H);
            slots.put(failure.get(k).name(), new Slot(box, "failure", k));
            previousBottom = box.bottom();
            bottom = Math.max(bottom, box.bottom() + GAP);
        }
        columnLeft.put("failure", failureX);
        Box end = new Box(LEFT + NODE_W / 2.0 - PILL_W / 2.0, bottom, PILL_W, PILL_H);
        slots.put(END, new Slot(end, "main", main.size()));
        width = (failure.isEmpty() ? mainRight : failureX + NODE_W) + 40;
        height = end.bottom() + 16;

        drawEdges(definition, true);
        pill(start, "Start");
        pill(end, "End");
        drawNodes(definition.states());
        return """
                <svg class="graph" viewBox="0 0 %1$s %2$s" width="%1$s" \
                height="%2$s" role="img" aria-label="State machine graph, states coloured by outcome">
                <defs>%3$s</defs>
                <g class="edges">%4$s</g>
                <g class="nodes">%5$s</g>
                </svg>""".formatted(num(width), num(height), markers(), edges, nodes);
    }

    private double layoutColumn(List<StateDefinition> states, String column, double x, double y) {
        double minX = x;
        for (int row = 0; row < states.size(); row++) {
            StateDefinition state = states.get(row);
            Box box;
            if (state.processor().isPresent()) {
                String inner = "inner:" + state.name();
                double innerBottom = layoutColumn(state.processor().get().states(), inner, x, y + MAP_HEADER);
                box = new Box(x - MAP_PAD, y, NODE_W + 2 * MAP_PAD, innerBottom - INNER_GAP + MAP_PAD - y);
                minX = Math.min(minX, box.x());
            } else {
                box = new Box(x, y, NODE_W, NODE_H);
            }
            slots.put(state.name(), new Slot(box, column, row));
            y = box.bottom() + (column.startsWith("inner:") ? INNER_GAP : GAP);
        }
        columnLeft.merge(column, minX, Math::min);
        return y;
    }

    private void drawEdges(WorkflowDefinition level, boolean topLevel) {
        Map<String, List<String>> catchSources = new LinkedHashMap<>();
        if (topLevel) {
            line(slots.get(START).box(), slots.get(level.startAt()), "", stats.taken(START, level.startAt()),
                    false);
        }
        for (StateDefinition state : level.states()) {
            Set<String> drawn = new HashSet<>();
            for (Transition transition : state.transitions()) {
                if (!slots.containsKey(transition.target()) || !drawn.add(transition.target())) {
                    continue;
                }
                boolean crossing = !slots.get(state.name()).column().equals(slots.get(transition.target()).column());
                if (transition.kind() == Transition.Kind.CATCH && crossing) {
                    catchSources.computeIfAbsent(transition.target(), t -> new ArrayList<>()).add(state.name());
                } else {
                    edge(state.name(), transition.target(), transition);
                }
            }
            if (topLevel && state.terminal()) {
                endEdge(state.name());
            }
            state.processor().ifPresent(inner -> drawEdges(inner, false));
        }
        int bus = 0;
        for (Map.Entry<String, List<String>> entry : catchSources.entrySet()) {
            catchBus(entry.getKey(), entry.getValue(), bus++);
        }
    }

    private void edge(String from, String to, Transition transition) {
        Slot source = slots.get(from);
        Slot target = slots.get(to);
        boolean wasTaken = stats.taken(from, to);
        boolean dashed = transition.kind() == Transition.Kind.CATCH;
        String label = transition.kind() == Transition.Kind.NEXT || dashed ? "" : transition.label();
        if (source.column().equals(target.column()) && target.row() == source.row() + 1) {
            line(source.box(), target, label, wasTaken, dashed);
        } else {
            gutter(source.box(), target, label, wasTaken, dashed);
        }
    }

    private void line(Box from, Slot to, String label, boolean wasTaken, boolean dashed) {
        double x = to.box().cx();
        edges.append(path("M%s %s V%s".formatted(num(x), num(from.bottom()), num(to.box().y() - 1)), wasTaken,
                dashed, true));
        if (!label.isEmpty()) {
            edges.append("<text class=\"edge-label\" x=\"%s\" y=\"%s\">%s</text>".formatted(num(x + 8),
                    num((from.bottom() + to.box().y()) / 2 + 4), Html.shortened(label, 40)));
        }
    }

    // Back edges and skips run down the left of their column, one lane each, the condition written along them.
    private void gutter(Box from, Slot to, String label, boolean wasTaken, boolean dashed) {
        double lane = columnLeft.getOrDefault(to.column(), (double) LEFT) - 26 - LANE * gutterLanes++;
        Box target = to.box();
        edges.append(path("M%s %s H%s V%s H%s".formatted(num(from.x()), num(from.cy()), num(lane),
                num(target.cy()), num(target.x() - 1)), wasTaken, dashed, true));
        if (!label.isEmpty()) {
            double mid = (from.cy() + target.cy()) / 2;
            edges.append("<text class=\"edge-label\" transform=\"translate(%s %s) rotate(-90)\" "
                    .formatted(num(lane - 6), num(mid)) + "text-anchor=\"middle\">"
                    + Html.shortened(label, 34) + "</text>");
        }
    }

    // Every Catch into one handler shares a vertical bus between the columns.
    private void catchBus(String target, List<String> sources, int bus) {
        Box handler = slots.get(target).box();
        double busX = LEFT + NODE_W + MAP_PAD + 30 + LANE * bus;
        double top = handler.cy();
        double bottom = handler.cy();
        for (String source : sources) {
            Box box = slots.get(source).box();
            top = Math.min(top, box.cy());
            bottom = Math.max(bottom, box.cy());
            edges.append(path("M%s %s H%s".formatted(num(box.right()), num(box.cy()), num(busX)), false, true, false));
        }
        edges.append(path("M%s %s V%s".formatted(num(busX), num(top), num(bottom)), false, true, false));
        edges.append(path("M%s %s H%s".formatted(num(busX), num(handler.cy()), num(handler.x() - 1)), false, true,
                true));
        edges.append("<text class=\"edge-label\" x=\"%s\" y=\"%s\">Catch</text>".formatted(num(busX + 8),
                num(handler.cy() - 6)));
        for (String source : sources) {
            if (stats.taken(source, target)) {
                Box box = slots.get(source).box();
                String route = "M%s %s H%s V%s H%s".formatted(num(box.right()), num(box.cy()), num(busX),
                        num(handler.cy()), num(handler.x() - 1));
                edges.append("<path class=\"edge-mask\" d=\"%s\"/>".formatted(route));
                edges.append("<path class=\"edge caught\" d=\"%s\" marker-end=\"url(#arrow-caught)\">".formatted(route)
                        + "<title>Catch taken from " + escape(source) + "</title></path>");
            }
        }
    }

    private void endEdge(String from) {
        Slot source = slots.get(from);
        Slot end = slots.get(END);
        boolean wasTaken = stats.taken(from, END);
        if (source.column().equals("main")) {
            if (source.row() == end.row() - 1) {
                line(source.box(), end, "", wasTaken, false);
            } else {
                gutter(source.box(), end, "", wasTaken, false);
            }
            return;
        }
        Box box = source.box();
        Box pill = end.box();
        edges.append(path("M%s %s V%s H%s".formatted(num(box.cx()), num(box.bottom()), num(pill.cy()),
                num(pill.right() + 1)), wasTaken, false, true));
    }

    private static String path(String d, boolean wasTaken, boolean dashed, boolean arrow) {
        String css = "edge" + (wasTaken ? " taken" : "") + (dashed ? " dashed" : "");
        String marker = arrow ? " marker-end=\"url(#%s)\"".formatted(wasTaken ? "arrow-taken" : "arrow") : "";
        return "<path class=\"%s\" d=\"%s\"%s/>".formatted(css, d, marker);
    }

    private void pill(Box box, String text) {
        nodes.append("""
                <g class="pill"><rect x="%s" y="%s" width="%s" height="%s" rx="12"/>\
                <text x="%s" y="%s" text-anchor="middle">%s</text></g>""".formatted(num(box.x()), num(box.y()),
                num(box.w()), num(box.h()), num(box.cx()), num(box.cy() + 4), text));
    }

    private void drawNodes(List<StateDefinition> states) {
        for (StateDefinition state : states) {
            Box box = slots.get(state.name()).box();
            StateStats stat = stats.of(state.name());
            String css = "o-" + stat.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
            String title = escape(state.name() + " (" + state.type() + "): " + describe(stat)
                    + (state.comment().isEmpty() ? "" : "\n" + state.comment()));
            if (state.processor().isPresent()) {
                nodes.append("""
                        <g class="map %s"><title>%s</title><rect class="map-box" x="%s" y="%s" width="%s" \
                        height="%s" rx="8"/><text class="node-name" x="%s" y="%s">%s</text>\
                        <text class="node-type" x="%s" y="%s">Map%s</text>%s</g>""".formatted(css, title,
                        num(box.x()), num(box.y()), num(box.w()), num(box.h()), num(box.x() + 12),
                        num(box.y() + 22), Html.shortened(state.name(), 22), num(box.right() - 12),
                        num(box.y() + 22), stat.visits() == 0 ? ""
                                : escape(" \u00b7 \u00d7" + stat.visits() + " \u00b7 "
                                        + DisplayFormat.plural(stat.iterations(), "iteration", "iterations")),
                        retryBadge(box, stat)));
                drawNodes(state.processor().get().states());
                continue;
            }
            String type = stat.visits() == 0 ? state.type() + " \u00b7 not visited" : state.type();
            nodes.append("""
                    <g class="node %s"><title>%s</title><rect x="%s" y="%s" width="%s" height="%s" rx="6"/>\
                    <text class="node-name" x="%s" y="%s">%s</text><text class="node-type" x="%s" y="%s">%s</text>\
                    %s%s</g>""".formatted(css, title, num(box.x()), num(box.y()), num(box.w()), num(box.h()),
                    num(box.x() + 12), num(box.y() + 20), Html.shortened(state.name(), 24), num(box.x() + 12),
                    num(box.y() + 36), escape(type), visitCount(box, stat), retryBadge(box, stat)));
        }
    }

    private static String visitCount(Box box, StateStats stat) {
        if (stat.visits() <= 1) {
            return "";
        }
        return "<text class=\"node-count\" x=\"%s\" y=\"%s\" text-anchor=\"end\">\u00d7%s</text>".formatted(
                num(box.right() - 10), num(box.y() + 20), DisplayFormat.count(stat.visits()));
    }

    private static String retryBadge(Box box, StateStats stat) {
        if (stat.retries() == 0) {
            return "";
        }
        String text = "\u21bb " + DisplayFormat.count(stat.retries());
        double w = 20 + 7 * text.length();
        double x = box.right() - w + 8;
        double y = box.y() - 9;
        return """
                <g class="retry-badge"><rect x="%s" y="%s" width="%s" height="18" rx="9"/>\
                <text x="%s" y="%s" text-anchor="middle">%s</text></g>""".formatted(num(x), num(y), num(w),
                num(x + w / 2), num(y + 13), escape(text));
    }

    private static String describe(StateStats stat) {
        if (stat.visits() == 0) {
            return "not visited";
        }
        return DisplayFormat.plural(stat.visits(), "visit", "visits") + ", "
                + DisplayFormat.plural(stat.retries(), "retry", "retries") + ", "
                + stat.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String markers() {
        StringBuilder defs = new StringBuilder();
        for (String id : List.of("arrow", "arrow-taken", "arrow-caught")) {
            defs.append("""
                    <marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
                    orient="auto-start-reverse"><path class="%s" d="M0 0 L10 5 L0 10 z"/></marker>""".formatted(id,
                    id));
        }
        return defs.toString();
    }

    private static String num(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
