package dev.domainsync.statemachine.report;

import static dev.domainsync.statemachine.report.Html.escape;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Gantt-like timeline as inline SVG. A small execution gets a row per state visit and, under a Map
 * visit, a row per iteration; a large one (thousands of iterations) gets a row per state with its visits
 * merged wherever they fall within a pixel, so the drawing stays the same size however long the history.
 * Failed attempts are red inside their bar, the backoff before the next attempt hatched amber.
 */
final class TimelineSvg {

    static final int MAX_VISIT_ROWS = 60;
    static final int MAX_ITERATION_ROWS = 12;
    private static final int WIDTH = 1120;
    private static final int LABEL_W = 190;
    private static final int NOTE_W = 330;
    private static final int AXIS_H = 28;
    private static final int ROW_H = 22;

    private record Segment(double from, double to, String css, String title) {
    }

    private record Row(String label, boolean indent, List<Segment> segments, String note, String noteTitle) {
    }

    private final ExecutionTrail trail;
    private final Set<String> failurePath;
    private final Instant origin;
    private final long spanMillis;

    private TimelineSvg(ExecutionTrail trail, Set<String> failurePath) {
        this.trail = trail;
        this.failurePath = failurePath;
        this.origin = trail.startTime();
        this.spanMillis = Math.max(1, Duration.between(origin, trail.endOrLastEvent()).toMillis());
    }

    static String render(ExecutionTrail trail, WorkflowDefinition definition) {
        TimelineSvg timeline = new TimelineSvg(trail, definition.failurePath());
        List<Row> rows = timeline.visitRows();
        boolean perVisit = rows.size() <= MAX_VISIT_ROWS;
        if (!perVisit) {
            rows = timeline.stateRows(definition);
        }
        String caption = perVisit
                ? "One row per state visit; Map iterations under their Map."
                : "One row per state: %s visits are too many to draw one by one, so visits that fall within a pixel are merged."
                        .formatted(DisplayFormat.count(trail.allVisits().size()));
        return "<p class=\"hint\">" + escape(caption) + " Hover a bar for its times.</p>" + timeline.svg(rows);
    }

    private List<Row> visitRows() {
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        trail.visits().forEach(visit -> totals.merge(visit.name(), 1L, Long::sum));
        for (StateVisit visit : trail.visits()) {
            int ordinal = seen.merge(visit.name(), 1, Integer::sum);
            String label = totals.get(visit.name()) > 1 ? visit.name() + " #" + ordinal : visit.name();
            rows.add(visitRow(label, visit));
            if (rows.size() > MAX_VISIT_ROWS) {
                return rows;
            }
            List<MapIteration> iterations = visit.iterations();
            if (iterations.size() <= MAX_ITERATION_ROWS) {
                for (MapIteration iteration : iterations) {
                    rows.add(iterationRow(iteration));
                }
            } else if (!iterations.isEmpty()) {
                rows.add(iterationsRow(visit.name(), iterations, true));
            }
        }
        return rows;
    }

    private Row visitRow(String label, StateVisit visit) {
        List<Segment> segments = new ArrayList<>();
        segments.add(span(visit.enteredAt(), visit.exitedAt().orElse(trail.endOrLastEvent()),
                "bar o-" + css(shown(visit)), visit.name() + ": " + visit.outcome().name().toLowerCase(Locale.ROOT)
                        + ", " + DisplayFormat.duration(visit.duration(trail.endOrLastEvent()))));
        addAttempts(visit, segments);
        String ending = switch (visit.outcome()) {
            case CAUGHT -> " \u00b7 caught";
            case FAILED -> " \u00b7 failed";
            case ABORTED -> " \u00b7 aborted";
            default -> "";
        };
        return new Row(label, false, segments, note(visit.duration(trail.endOrLastEvent()), List.of(visit)) + ending,
                retryTitle(List.of(visit)));
    }

    private Row iterationRow(MapIteration iteration) {
        List<Segment> segments = new ArrayList<>();
        Duration duration = iteration.duration(trail.endOrLastEvent());
        segments.add(span(iteration.startedAt(), iteration.endedAt().orElse(trail.endOrLastEvent()),
                "bar thin o-" + css(iteration.outcome()), "iteration " + iteration.index() + ": "
                        + iteration.outcome().name().toLowerCase(Locale.ROOT) + ", " + DisplayFormat.duration(duration)));
        iteration.visits().forEach(visit -> addAttempts(visit, segments));
        return new Row("iteration " + iteration.index(), true, segments, note(duration, iteration.visits()),
                retryTitle(iteration.visits()));
    }

    private Row iterationsRow(String mapName, List<MapIteration> iterations, boolean indent) {
        List<Segment> segments = new ArrayList<>();
        List<StateVisit> inner = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (MapIteration iteration : iterations) {
            segments.add(span(iteration.startedAt(), iteration.endedAt().orElse(trail.endOrLastEvent()),
                    "bar thin o-" + css(iteration.outcome()), "iteration " + iteration.index()));
            iteration.visits().forEach(visit -> addAttempts(visit, segments));
            inner.addAll(iteration.visits());
            millis.add(iteration.duration(trail.endOrLastEvent()).toMillis());
        }
        millis.sort(Comparator.naturalOrder());
        String note = "median %s, max %s".formatted(DisplayFormat.duration(Duration.ofMillis(millis.get(millis.size() / 2))),
                DisplayFormat.duration(Duration.ofMillis(millis.get(millis.size() - 1))));
        int retries = inner.stream().mapToInt(StateVisit::retries).sum();
        if (retries > 0) {
            note += " \u00b7 " + DisplayFormat.plural(retries, "retry", "retries");
        }
        return new Row(DisplayFormat.plural(iterations.size(), "iteration", "iterations")
                + (indent ? "" : " of " + mapName), indent, merge(segments), note, retryTitle(inner));
    }

    private List<Row> stateRows(WorkflowDefinition definition) {
        Map<String, List<StateVisit>> byState = new LinkedHashMap<>();
        definition.states().forEach(state -> byState.put(state.name(), new ArrayList<>()));
        trail.visits().forEach(visit -> byState.computeIfAbsent(visit.name(), name -> new ArrayList<>()).add(visit));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<StateVisit>> entry : byState.entrySet()) {
            List<StateVisit> visits = entry.getValue();
            if (visits.isEmpty()) {
                continue;
            }
            List<Segment> segments = new ArrayList<>();
            List<MapIteration> iterations = new ArrayList<>();
            Duration total = Duration.ZERO;
            for (StateVisit visit : visits) {
                segments.add(span(visit.enteredAt(), visit.exitedAt().orElse(trail.endOrLastEvent()),
                        "bar o-" + css(shown(visit)), visit.name()));
                addAttempts(visit, segments);
                iterations.addAll(visit.iterations());
                total = total.plus(visit.duration(trail.endOrLastEvent()));
            }
            String label = entry.getKey() + " \u00d7" + DisplayFormat.count(visits.size());
            rows.add(new Row(label, false, merge(segments), "total " + DisplayFormat.duration(total)
                    + retrySuffix(visits), retryTitle(visits)));
            if (!iterations.isEmpty()) {
                rows.add(iterationsRow(entry.getKey(), iterations, true));
            }
        }
        return rows;
    }

    private void addAttempts(StateVisit visit, List<Segment> segments) {
        List<TaskAttempt> attempts = visit.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            TaskAttempt attempt = attempts.get(i);
            if (!attempt.failed()) {
                continue;
            }
            Instant failedAt = attempt.endedAt().orElse(trail.endOrLastEvent());
            segments.add(span(attempt.scheduledAt(), failedAt, "attempt-failed", "%s attempt %d failed after %s: %s"
                    .formatted(visit.name(), attempt.number(), DisplayFormat.duration(attempt.duration(failedAt)),
                            attempt.error().error())));
            if (i + 1 < attempts.size()) {
                Instant next = attempts.get(i + 1).scheduledAt();
                segments.add(span(failedAt, next, "wait", "waited %s before attempt %d"
                        .formatted(DisplayFormat.duration(Duration.between(failedAt, next)), i + 2)));
            }
        }
    }

    private String note(Duration duration, List<StateVisit> visits) {
        return DisplayFormat.duration(duration) + retrySuffix(visits);
    }

    private static String retrySuffix(List<StateVisit> visits) {
        int retries = visits.stream().mapToInt(StateVisit::retries).sum();
        if (retries == 0) {
            return "";
        }
        String error = visits.stream().flatMap(visit -> visit.attempts().stream()).filter(TaskAttempt::failed)
                .map(attempt -> simpleName(attempt.error().error())).findFirst().orElse("");
        return " \u00b7 " + DisplayFormat.plural(retries, "retry", "retries") + (error.isEmpty() ? "" : " (" + error + ")");
    }

    private static String retryTitle(List<StateVisit> visits) {
        StringBuilder title = new StringBuilder();
        for (StateVisit visit : visits) {
            List<TaskAttempt> attempts = visit.attempts();
            for (int i = 0; i < attempts.size() && title.length() < 2000; i++) {
                TaskAttempt attempt = attempts.get(i);
                if (attempt.failed()) {
                    title.append("attempt ").append(attempt.number()).append(" of ").append(visit.name())
                            .append(" failed: ").append(attempt.error().error());
                    if (i + 1 < attempts.size() && attempt.endedAt().isPresent()) {
                        title.append(", waited ").append(DisplayFormat.duration(Duration.between(
                                attempt.endedAt().get(), attempts.get(i + 1).scheduledAt())));
                    }
                    title.append('\n');
                }
            }
        }
        return title.toString().trim();
    }

    /** The last part of a Java class name used as an error name; other error names stay as they are. */
    static String simpleName(String error) {
        int dot = error.lastIndexOf('.');
        boolean stepFunctionsName = error.startsWith("States.") || error.startsWith("Lambda.");
        return dot > 0 && !stepFunctionsName ? error.substring(dot + 1) : error;
    }

    private Segment span(Instant from, Instant to, String css, String title) {
        return new Segment(x(from), Math.max(x(from) + 2, x(to)), css, title);
    }

    private double x(Instant instant) {
        double chart = WIDTH - LABEL_W - NOTE_W;
        return LABEL_W + chart * Duration.between(origin, instant).toMillis() / spanMillis;
    }

    // Bars of one kind that touch within a pixel become one bar, so thousands of visits draw as a few hundred.
    private static List<Segment> merge(List<Segment> segments) {
        Map<String, List<Segment>> byCss = new LinkedHashMap<>();
        segments.forEach(segment -> byCss.computeIfAbsent(segment.css(), css -> new ArrayList<>()).add(segment));
        List<Segment> merged = new ArrayList<>();
        for (List<Segment> group : byCss.values()) {
            group.sort(Comparator.comparingDouble(Segment::from));
            Segment current = null;
            int count = 0;
            for (Segment segment : group) {
                if (current != null && segment.from() <= current.to() + 1) {
                    current = new Segment(current.from(), Math.max(current.to(), segment.to()), current.css(), "");
                    count++;
                } else {
                    if (current != null) {
                        merged.add(titled(current, count));
                    }
                    current = segment;
                    count = 1;
                }
            }
            merged.add(titled(current, count));
        }
        return merged;
    }

    private static Segment titled(Segment segment, int count) {
        return count == 1 ? segment : new Segment(segment.from(), segment.to(), segment.css(), count + " merged");
    }

    private String svg(List<Row> rows) {
        int height = AXIS_H + rows.size() * ROW_H + 8;
        StringBuilder body = new StringBuilder();
        body.append(axis(height));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double y = AXIS_H + i * ROW_H;
            if (i % 2 == 0) {
                body.append("<rect class=\"stripe\" x=\"0\" y=\"%s\" width=\"%d\" height=\"%d\"/>".formatted(
                        num(y), WIDTH, ROW_H));
            }
            body.append("<text class=\"%s\" x=\"%d\" y=\"%s\">%s</text>".formatted(row.indent() ? "row-label inner"
                    : "row-label", row.indent() ? 24 : 8, num(y + 15), Html.shortened(row.label(), 28)));
            for (Segment segment : row.segments()) {
                boolean thin = segment.css().contains("thin") || !segment.css().startsWith("bar");
                double top = y + (thin ? 7 : 5);
                double h = thin ? 8 : 12;
                body.append("<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\">".formatted(segment.css(),
                        num(segment.from()), num(top), num(segment.to() - segment.from()), num(h)));
                body.append(segment.title().isEmpty() ? "" : "<title>" + escape(segment.title()) + "</title>");
                body.append("</rect>");
            }
            body.append("<text class=\"row-note%s\" x=\"%d\" y=\"%s\">%s%s</text>".formatted(
                    row.noteTitle().isEmpty() ? "" : " retried", WIDTH - NOTE_W + 10, num(y + 15),
                    row.noteTitle().isEmpty() ? "" : "<title>" + escape(row.noteTitle()) + "</title>",
                    Html.shortened(row.note(), 58)));
        }
        return """
                <svg class="timeline" viewBox="0 0 %1$d %2$d" width="%1$d" \
                height="%2$d" role="img" aria-label="Timeline of state visits">
                <defs><pattern id="wait-hatch" width="6" height="6" patternUnits="userSpaceOnUse" \
                patternTransform="rotate(45)"><rect width="6" height="6" class="wait-bg"/>\
                <line x1="0" y1="0" x2="0" y2="6" class="wait-line"/></pattern></defs>
                %3$s
                </svg>""".formatted(WIDTH, height, body);
    }

    private String axis(int height) {
        long step = niceStep(spanMillis / 8.0);
        StringBuilder axis = new StringBuilder();
        for (long t = 0; t <= spanMillis; t += step) {
            double x = LABEL_W + (WIDTH - LABEL_W - NOTE_W) * (double) t / spanMillis;
            axis.append("<line class=\"grid\" x1=\"%1$s\" x2=\"%1$s\" y1=\"%2$d\" y2=\"%3$d\"/>".formatted(num(x),
                    AXIS_H - 6, height - 4));
            axis.append("<text class=\"tick\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>".formatted(num(x),
                    AXIS_H - 11, DisplayFormat.offset(t)));
        }
        axis.append("<text class=\"tick\" x=\"%d\" y=\"%d\">since start</text>".formatted(8, AXIS_H - 11));
        return axis.toString();
    }

    private static long niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(1, rough))));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * magnitude >= rough) {
                return Math.max(1, (long) (factor * magnitude));
            }
        }
        return Math.max(1, (long) (10 * magnitude));
    }

    // As in the graph: a visit on the failure path (FailRun, Failed) means the run failed.
    private Outcome shown(StateVisit visit) {
        return failurePath.contains(visit.name()) ? Outcome.FAILED : visit.outcome();
    }

    private static String css(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
