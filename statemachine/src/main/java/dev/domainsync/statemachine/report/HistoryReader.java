package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.domainsync.json.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads any Step Functions history into an {@link ExecutionTrail}, knowing nothing of what the states do. Inline Map iterations interleave their events in one
 * history, so each event is placed by its {@code previousEventId}: an event belongs to the same iteration
 * (or the top level) as the event it follows, and a MapIterationStarted opens an iteration.
 */
final class HistoryReader {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
    private static final ObjectMapper MAPPER = Json.mapper();

    private final List<ExecutionEvent> events;
    private final Context top = new Context(null);
    private final Map<Long, Context> contextAfter = new HashMap<>();
    private final Deque<VisitBuilder> openMaps = new ArrayDeque<>();
    private final List<IterationBuilder> openIterations = new ArrayList<>();
    private final List<TracedEvent> traced = new ArrayList<>();
    private TrailStatus status = TrailStatus.RUNNING;
    private Instant startTime;
    private Instant endTime;
    private String executionInput = "";
    private String executionOutput = "";
    private ExecutionError executionError;

    private HistoryReader(List<ExecutionEvent> events) {
        this.events = events;
    }

    static ExecutionTrail read(List<ExecutionEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("execution history has no events");
        }
        return new HistoryReader(events).read();
    }

    private ExecutionTrail read() {
        startTime = events.get(0).timestamp();
        for (ExecutionEvent event : events) {
            place(event);
        }
        Outcome unfinished = switch (status) {
            case RUNNING, SUCCEEDED -> Outcome.IN_PROGRESS;
            case FAILED, TIMED_OUT -> Outcome.FAILED;
            case ABORTED -> Outcome.ABORTED;
        };
        List<StateVisit> visits = top.freeze(unfinished);
        return new ExecutionTrail(status, startTime, Optional.ofNullable(endTime),
                events.get(events.size() - 1).timestamp(), executionInput, executionOutput,
                Optional.ofNullable(executionError), visits, traced);
    }

    private void place(ExecutionEvent event) {
        String type = event.type();
        Context context = contextAfter.getOrDefault(event.previousEventId(), fallbackContext());
        Context after = context;
        IterationBuilder owner = context.iteration;
        String stateName = "";
        if (type.startsWith("Execution")) {
            execution(event);
            after = top;
            owner = null;
        } else if (type.startsWith("MapIteration")) {
            IterationBuilder iteration = iteration(event);
            if (iteration != null) {
                iteration.record(event);
                stateName = iteration.map.name;
                owner = iteration;
                after = type.equals("MapIterationStarted") ? iteration.context : iteration.map.context;
            }
        } else if (type.endsWith("StateEntered")) {
            stateName = enter(context, event).name;
        } else if (type.endsWith("StateExited")) {
            stateName = exit(context, event);
        } else if (type.startsWith("MapState") || type.startsWith("MapRun")) {
            VisitBuilder map = currentMap(context);
            if (map != null) {
                map.mapEvent(event);
                stateName = map.name;
                after = map.context;
                owner = map.context.iteration;
            }
        } else if (context.current != null) {
            context.current.taskEvent(event);
            stateName = context.current.name;
        }
        if (owner != null) {
            owner.eventCount++;
        }
        contextAfter.put(event.id(), after);
        traced.add(new TracedEvent(event, stateName, Optional.ofNullable(owner).map(iteration -> iteration.key)));
    }

    // A history without usable previousEventIds: the most recently started open iteration, else the top level.
    private Context fallbackContext() {
        return openIterations.isEmpty() ? top : openIterations.get(openIterations.size() - 1).context;
    }

    private void execution(ExecutionEvent event) {
        switch (event.type()) {
            case "ExecutionStarted" -> {
                executionInput = event.detail("input");
                startTime = event.timestamp();
            }
            case "ExecutionSucceeded" -> finish(event, TrailStatus.SUCCEEDED, "");
            case "ExecutionFailed" -> finish(event, TrailStatus.FAILED, "States.Failed");
            case "ExecutionTimedOut" -> finish(event, TrailStatus.TIMED_OUT, "States.Timeout");
            case "ExecutionAborted" -> finish(event, TrailStatus.ABORTED, "Aborted");
            default -> LOG.debug("report: event {} of type {} carries nothing the report shows", event.id(),
                    event.type());
        }
    }

    private void finish(ExecutionEvent event, TrailStatus finalStatus, String defaultError) {
        status = finalStatus;
        endTime = event.timestamp();
        if (finalStatus == TrailStatus.SUCCEEDED) {
            executionOutput = event.detail("output");
        } else {
            String error = event.detail("error");
            executionError = new ExecutionError(error.isEmpty() ? defaultError : error, event.detail("cause"));
        }
    }

    private VisitBuilder enter(Context context, ExecutionEvent event) {
        String type = event.type().substring(0, event.type().length() - "StateEntered".length());
        VisitBuilder visit = new VisitBuilder(event, type, context);
        context.visits.add(visit);
        context.current = visit;
        if (visit.isMap()) {
            openMaps.push(visit);
        }
        return visit;
    }

    private String exit(Context context, ExecutionEvent event) {
        String name = event.detail("name");
        VisitBuilder visit = context.current != null && context.current.name.equals(name) ? context.current
                : context.openVisit(name);
        if (visit == null) {
            return name;
        }
        visit.exited = event;
        openMaps.remove(visit);
        return visit.name;
    }

    private VisitBuilder currentMap(Context context) {
        if (context.current != null && context.current.isMap()) {
            return context.current;
        }
        return openMaps.peek();
    }

    private IterationBuilder iteration(ExecutionEvent event) {
        String name = event.detail("name");
        VisitBuilder map = openMaps.stream().filter(open -> name.isEmpty() || open.name.equals(name)).findFirst()
                .orElse(null);
        if (map == null) {
            LOG.warn("report: Map iteration event {} names no open Map state '{}'", event.id(), name);
            return null;
        }
        int index = event.details().path("index").asInt(0);
        IterationBuilder iteration = map.iterations.computeIfAbsent(index, i -> new IterationBuilder(map, i));
        if (event.type().equals("MapIterationStarted")) {
            openIterations.add(iteration);
        } else {
            openIterations.remove(iteration);
        }
        return iteration;
    }

    static Optional<JsonNode> tree(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The top level or one Map iteration: a sequence of state visits. */
    private static final class Context {
        private final IterationBuilder iteration;
        private final List<VisitBuilder> visits = new ArrayList<>();
        private VisitBuilder current;

        private Context(IterationBuilder iteration) {
            this.iteration = iteration;
        }

        private VisitBuilder openVisit(String name) {
            for (int i = visits.size() - 1; i >= 0; i--) {
                if (visits.get(i).name.equals(name) && visits.get(i).exited == null) {
                    return visits.get(i);
                }
            }
            return null;
        }

        private List<StateVisit> freeze(Outcome unfinished) {
            List<StateVisit> frozen = new ArrayList<>(visits.size());
            for (int i = 0; i < visits.size(); i++) {
                boolean followed = i < visits.size() - 1;
                frozen.add(visits.get(i).freeze(unfinished, followed));
            }
            return frozen;
        }
    }

    private static final class IterationBuilder {
        private final VisitBuilder map;
        private final IterationKey key;
        private final Context context;
        private Instant startedAt;
        private Instant endedAt;
        private Outcome outcome;
        private int eventCount;

        private IterationBuilder(VisitBuilder map, int index) {
            this.map = map;
            this.key = new IterationKey(map.entered.id(), index);
            this.context = new Context(this);
        }

        private void record(ExecutionEvent event) {
            switch (event.type()) {
                case "MapIterationStarted" -> startedAt = event.timestamp();
                case "MapIterationSucceeded" -> end(event, Outcome.SUCCEEDED);
                case "MapIterationFailed" -> end(event, Outcome.FAILED);
                case "MapIterationAborted" -> end(event, Outcome.ABORTED);
                default -> LOG.debug("report: iteration event {} of type {} ignored", event.id(), event.type());
            }
        }

        private void end(ExecutionEvent event, Outcome result) {
            endedAt = event.timestamp();
            outcome = result;
        }

        private MapIteration freeze(Outcome unfinished) {
            Outcome inner = outcome == null ? unfinished : outcome == Outcome.SUCCEEDED ? Outcome.IN_PROGRESS : outcome;
            Instant started = startedAt != null ? startedAt : map.entered.timestamp();
            return new MapIteration(key, started, Optional.ofNullable(endedAt),
                    outcome == null ? unfinished : outcome, context.freeze(inner), eventCount);
        }
    }

    private static final class AttemptBuilder {
        private final int number;
        private final String resource;
        private final Instant scheduledAt;
        private final String input;
        private Instant endedAt;
        private Outcome outcome;
        private ExecutionError error = new ExecutionError("", "");
        private String output = "";

        private AttemptBuilder(int number, ExecutionEvent scheduled) {
            this.number = number;
            this.resource = scheduled.detail("resource");
            this.scheduledAt = scheduled.timestamp();
            this.input = scheduled.detail("input");
        }

        private TaskAttempt freeze(Outcome unfinished) {
            return new TaskAttempt(number, resource, scheduledAt, Optional.ofNullable(endedAt),
                    outcome == null ? unfinished : outcome, error, input, output);
        }
    }

    private static final class VisitBuilder {
        private final ExecutionEvent entered;
        private final String name;
        private final String type;
        private final Context context;
        private final List<AttemptBuilder> attempts = new ArrayList<>();
        private final TreeMap<Integer, IterationBuilder> iterations = new TreeMap<>();
        private ExecutionEvent exited;
        private Integer itemCount;
        private Outcome mapOutcome;
        private boolean aborted;

        private VisitBuilder(ExecutionEvent entered, String type, Context context) {
            this.entered = entered;
            this.name = entered.detail("name");
            this.type = type;
            this.context = context;
        }

        private boolean isMap() {
            return type.equals("Map");
        }

        private void mapEvent(ExecutionEvent event) {
            switch (event.type()) {
                case "MapStateStarted" -> itemCount = event.details().path("length").asInt(0);
                case "MapStateSucceeded" -> mapOutcome = Outcome.SUCCEEDED;
                case "MapStateFailed" -> mapOutcome = Outcome.FAILED;
                case "MapStateAborted" -> mapOutcome = Outcome.ABORTED;
                default -> LOG.debug("report: Map event {} of type {} ignored", event.id(), event.type());
            }
        }

        // Lambda* for a Lambda ARN resource, Task* for service integrations: the same attempt lifecycle.
        private void taskEvent(ExecutionEvent event) {
            String type = event.type();
            if (type.endsWith("StateAborted")) {
                aborted = true;
                return;
            }
            String phase = type.startsWith("LambdaFunction") ? type.substring("LambdaFunction".length())
                    : type.startsWith("Task") ? type.substring("Task".length())
                    : type.startsWith("Activity") ? type.substring("Activity".length()) : "";
            switch (phase) {
                case "Scheduled" -> attempts.add(new AttemptBuilder(attempts.size() + 1, event));
                case "Succeeded" -> {
                    AttemptBuilder attempt = lastAttempt(event);
                    attempt.endedAt = event.timestamp();
                    attempt.outcome = Outcome.SUCCEEDED;
                    attempt.output = event.detail("output");
                }
                case "Failed", "StartFailed", "ScheduleFailed", "SubmitFailed", "TimedOut" -> {
                    AttemptBuilder attempt = lastAttempt(event);
                    attempt.endedAt = event.timestamp();
                    attempt.outcome = Outcome.FAILED;
                    String error = event.detail("error");
                    attempt.error = new ExecutionError(
                            error.isEmpty() && phase.equals("TimedOut") ? "States.Timeout" : error,
                            event.detail("cause"));
                }
                default -> LOG.debug("report: task event {} of type {} ignored", event.id(), type);
            }
        }

        private AttemptBuilder lastAttempt(ExecutionEvent event) {
            if (attempts.isEmpty() || attempts.get(attempts.size() - 1).outcome != null) {
                attempts.add(new AttemptBuilder(attempts.size() + 1, event));
            }
            return attempts.get(attempts.size() - 1);
        }

        private StateVisit freeze(Outcome unfinished, boolean followed) {
            List<TaskAttempt> frozenAttempts = attempts.stream().map(attempt -> attempt.freeze(unfinished)).toList();
            List<MapIteration> frozenIterations = iterations.values().stream()
                    .map(iteration -> iteration.freeze(unfinished)).toList();
            return new StateVisit(entered.id(), name, type, entered.timestamp(),
                    Optional.ofNullable(exited).map(ExecutionEvent::timestamp), entered.detail("input"),
                    exited == null ? "" : exited.detail("output"), frozenAttempts,
                    outcome(frozenAttempts, unfinished, followed),
                    itemCount == null ? OptionalInt.empty() : OptionalInt.of(itemCount), frozenIterations);
        }

        // A failure that the execution moved on from (an exit, or a next state entered) was caught.
        private Outcome outcome(List<TaskAttempt> frozenAttempts, Outcome unfinished, boolean followed) {
            boolean movedOn = exited != null || followed;
            boolean lastFailed = !frozenAttempts.isEmpty() && frozenAttempts.get(frozenAttempts.size() - 1).failed();
            if (type.equals("Fail")) {
                return Outcome.FAILED;
            }
            if (aborted || mapOutcome == Outcome.ABORTED) {
                return Outcome.ABORTED;
            }
            if (mapOutcome == Outcome.FAILED || lastFailed) {
                return movedOn ? Outcome.CAUGHT : unfinished == Outcome.IN_PROGRESS ? Outcome.IN_PROGRESS
                        : unfinished == Outcome.ABORTED ? Outcome.ABORTED : Outcome.FAILED;
            }
            return exited != null ? Outcome.SUCCEEDED : unfinished;
        }
    }

}
