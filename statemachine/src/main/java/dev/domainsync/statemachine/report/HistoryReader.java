package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.domainsync.json.Json;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import java.io.IOException;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a history into an {@link ExecutionTrail}. Inline Map iterations interleave their events in one
 * history, so each event is placed by its {@code previousEventId}: an event belongs to the same iteration
 * (or the top level) as the event it follows, and a MapIterationStarted opens an iteration.
 */
final class HistoryReader {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
    private static final ObjectMapper MAPPER = Json.mapper();

    // The workflow's steps whose payloads the report reads, by their state names in sync-domains.asl.json.
    static final String START_RUN = "StartRun";
    static final String FILTER_RECENT = "FilterRecent";
    static final String EXTRACT_PARAMS_BATCH = "ExtractParamsBatch";
    static final String WRITE_ROWS = "WriteRows";
    static final String PRUNE_DELETED = "PruneDeleted";
    static final String APPLY_STACK = "ApplyStack";
    static final String FAIL_RUN = "FailRun";

    private final List<HistoryEvent> events;
    private final Context top = new Context(null);
    private final Map<Long, Context> contextAfter = new HashMap<>();
    private final Deque<VisitBuilder> openMaps = new ArrayDeque<>();
    private final List<IterationBuilder> openIterations = new ArrayList<>();
    private final List<TracedEvent> traced = new ArrayList<>();
    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private Instant startTime;
    private Instant endTime;
    private String executionInput = "";
    private String executionOutput = "";
    private ExecutionError executionError;

    private HistoryReader(List<HistoryEvent> events) {
        this.events = events;
    }

    static ExecutionTrail read(List<HistoryEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("execution history has no events");
        }
        return new HistoryReader(events).read();
    }

    private ExecutionTrail read() {
        startTime = events.get(0).timestamp();
        for (HistoryEvent event : events) {
            place(event);
        }
        Outcome unfinished = switch (status) {
            case RUNNING, SUCCEEDED -> Outcome.IN_PROGRESS;
            case FAILED, TIMED_OUT -> Outcome.FAILED;
            case ABORTED -> Outcome.ABORTED;
        };
        List<StateVisit> visits = top.freeze(unfinished);
        List<StateVisit> all = ExecutionTrail.flatten(visits);
        Optional<RunContext> runContext = lastOutput(all, START_RUN, RunContext.class);
        // A sync-stack execution applies one stack; its output is what it did, not a run report.
        Optional<AppliedStack> appliedStack = lastOutput(all, APPLY_STACK, AppliedStack.class);
        Optional<RunReport> runReport = appliedStack.isPresent() ? Optional.empty()
                : status == ExecutionStatus.SUCCEEDED && !executionOutput.isEmpty()
                ? payload(executionOutput, RunReport.class, "execution output")
                : lastOutput(all, PRUNE_DELETED, RunReport.class);
        Optional<RunFailure> runFailure = all.stream()
                .filter(visit -> visit.name().equals(FAIL_RUN) && !visit.attempts().isEmpty())
                .findFirst()
                .flatMap(visit -> payload(visit.attempts().get(0).input(), RunFailure.class, FAIL_RUN + " input"));
        Optional<String> arn = runContext.map(RunContext::executionId)
                .or(() -> runReport.map(RunReport::executionId))
                .or(() -> runFailure.map(RunFailure::executionId))
                .or(() -> startRunArgument(all, "executionId"))
                .filter(id -> !id.isBlank());
        List<StackExtract> extracts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (StateVisit visit : all) {
            if (visit.name().equals(EXTRACT_PARAMS_BATCH)) {
                resultTree(visit).ifPresent(tree -> eachOf(tree.path("stacks"), StackExtract.class, extracts::add));
            } else if (visit.name().equals(FILTER_RECENT)) {
                resultTree(visit).ifPresent(tree -> tree.path("deletedStackIds")
                        .forEach(id -> deleted.add(id.asText())));
            }
        }
        return new ExecutionTrail(arn, status, startTime, Optional.ofNullable(endTime),
                events.get(events.size() - 1).timestamp(), executionInput, Optional.ofNullable(executionError),
                visits, traced, runContext, runReport, runFailure, lastOutput(all, WRITE_ROWS, StagedCounts.class),
                extracts, deleted, appliedStack);
    }

    private void place(HistoryEvent event) {
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

    private void execution(HistoryEvent event) {
        switch (event.type()) {
            case "ExecutionStarted" -> {
                executionInput = event.detail("input");
                startTime = event.timestamp();
            }
            case "ExecutionSucceeded" -> finish(event, ExecutionStatus.SUCCEEDED, "");
            case "ExecutionFailed" -> finish(event, ExecutionStatus.FAILED, "States.Failed");
            case "ExecutionTimedOut" -> finish(event, ExecutionStatus.TIMED_OUT, "States.Timeout");
            case "ExecutionAborted" -> finish(event, ExecutionStatus.ABORTED, "Aborted");
            default -> LOG.debug("report: event {} of type {} carries nothing the report shows", event.id(),
                    event.type());
        }
    }

    private void finish(HistoryEvent event, ExecutionStatus finalStatus, String defaultError) {
        status = finalStatus;
        endTime = event.timestamp();
        if (finalStatus == ExecutionStatus.SUCCEEDED) {
            executionOutput = event.detail("output");
        } else {
            String error = event.detail("error");
            executionError = new ExecutionError(error.isEmpty() ? defaultError : error, event.detail("cause"));
        }
    }

    private VisitBuilder enter(Context context, HistoryEvent event) {
        String type = event.type().substring(0, event.type().length() - "StateEntered".length());
        VisitBuilder visit = new VisitBuilder(event, type, context);
        context.visits.add(visit);
        context.current = visit;
        if (visit.isMap()) {
            openMaps.push(visit);
        }
        return visit;
    }

    private String exit(Context context, HistoryEvent event) {
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

    private IterationBuilder iteration(HistoryEvent event) {
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

    private static Optional<String> startRunArgument(List<StateVisit> all, String field) {
        return all.stream()
                .filter(visit -> visit.name().equals(START_RUN) && !visit.attempts().isEmpty())
                .findFirst()
                .flatMap(visit -> tree(visit.attempts().get(0).input()))
                .map(tree -> tree.path(field).asText(""));
    }

    private static <T> Optional<T> lastOutput(List<StateVisit> all, String stateName, Class<T> type) {
        for (int i = all.size() - 1; i >= 0; i--) {
            StateVisit visit = all.get(i);
            if (visit.name().equals(stateName) && visit.succeededAttempt().isPresent()) {
                return payload(visit.succeededAttempt().get().output(), type, stateName + " output");
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> resultTree(StateVisit visit) {
        return visit.succeededAttempt().flatMap(attempt -> tree(attempt.output()));
    }

    private static <T> void eachOf(JsonNode array, Class<T> type, Consumer<T> sink) {
        for (JsonNode item : array) {
            try {
                sink.accept(lenient(type).readValue(item));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("report: skipped an unreadable {}: {}", type.getSimpleName(), e.getMessage());
            }
        }
    }

    // A payload the report cannot read is left out, never fatal: the page still shows the raw history.
    private static <T> Optional<T> payload(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(lenient(type).readValue(json));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("report: {} is not a readable {}: {}", what, type.getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }

    // Payloads from another version may lack a count: the report shows it as 0 rather than dropping the record.
    private static ObjectReader lenient(Class<?> type) {
        return MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
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

        private void record(HistoryEvent event) {
            switch (event.type()) {
                case "MapIterationStarted" -> startedAt = event.timestamp();
                case "MapIterationSucceeded" -> end(event, Outcome.SUCCEEDED);
                case "MapIterationFailed" -> end(event, Outcome.FAILED);
                case "MapIterationAborted" -> end(event, Outcome.ABORTED);
                default -> LOG.debug("report: iteration event {} of type {} ignored", event.id(), event.type());
            }
        }

        private void end(HistoryEvent event, Outcome result) {
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

        private AttemptBuilder(int number, HistoryEvent scheduled) {
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
        private final HistoryEvent entered;
        private final String name;
        private final String type;
        private final Context context;
        private final List<AttemptBuilder> attempts = new ArrayList<>();
        private final TreeMap<Integer, IterationBuilder> iterations = new TreeMap<>();
        private HistoryEvent exited;
        private Integer itemCount;
        private Outcome mapOutcome;
        private boolean aborted;

        private VisitBuilder(HistoryEvent entered, String type, Context context) {
            this.entered = entered;
            this.name = entered.detail("name");
            this.type = type;
            this.context = context;
        }

        private boolean isMap() {
            return type.equals("Map");
        }

        private void mapEvent(HistoryEvent event) {
            switch (event.type()) {
                case "MapStateStarted" -> itemCount = event.details().path("length").asInt(0);
                case "MapStateSucceeded" -> mapOutcome = Outcome.SUCCEEDED;
                case "MapStateFailed" -> mapOutcome = Outcome.FAILED;
                case "MapStateAborted" -> mapOutcome = Outcome.ABORTED;
                default -> LOG.debug("report: Map event {} of type {} ignored", event.id(), event.type());
            }
        }

        // Lambda* for a Lambda ARN resource, Task* for service integrations: the same attempt lifecycle.
        private void taskEvent(HistoryEvent event) {
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

        private AttemptBuilder lastAttempt(HistoryEvent event) {
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
                    Optional.ofNullable(exited).map(HistoryEvent::timestamp), entered.detail("input"),
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
