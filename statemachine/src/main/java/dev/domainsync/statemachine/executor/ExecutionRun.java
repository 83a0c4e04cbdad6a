package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a definition: walks the states, evaluates their JSONata, invokes the handlers, retries and
 * catches errors on the virtual clock, and records the history. Map iterations run on {@link LaneScheduler}
 * lanes, one lane at a time.
 */
final class ExecutionRun {

    /** Step Functions' payload quota: 256 KiB of UTF-8 for every input, output, argument and result. */
    static final int PAYLOAD_LIMIT_BYTES = 262_144;

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter CONTEXT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int CAUSE_LIMIT = 32_768;
    /** The error type Lambda reports for an invocation that ran past its function's Timeout. */
    static final String FUNCTION_TIMED_OUT = "Sandbox.Timedout";

    private final StateMachineDefinition definition;
    private final Map<String, RequestStreamHandler> functions;
    private final VirtualClock clock;
    private final ExecutorOptions options;
    private final Random random;
    private final JsonataEvaluator jsonata;
    private final History history;
    private final LaneScheduler scheduler;
    private final List<RetryWait> retries = new ArrayList<>();
    private final String executionName;
    private final String executionArn;
    private final JsonNode executionInput;
    private final Instant startTime;
    private final Instant deadline;
    private int maxPayloadBytes;
    private String maxPayloadState = "";

    ExecutionRun(StateMachineDefinition definition, Map<String, RequestStreamHandler> functions, VirtualClock clock,
                 ExecutorOptions options, String executionName, JsonNode executionInput, Instant startTime) {
        this.definition = definition;
        this.functions = functions;
        this.clock = clock;
        this.options = options;
        this.random = new Random(options.seed());
        this.jsonata = new JsonataEvaluator(clock, random);
        this.history = new History(clock, options.historyEventLimit(), options.listener());
        this.executionName = executionName;
        this.executionArn = options.executionArn(executionName);
        this.executionInput = executionInput;
        this.startTime = startTime;
        this.deadline = definition.timeoutSeconds().isPresent()
                ? startTime.plusSeconds(definition.timeoutSeconds().getAsLong()) : null;
        this.scheduler = new LaneScheduler(clock, deadline, this::timedOut);
    }

    /** The chain of events one block of states records, for each event's previousEventId. */
    private static final class Flow {
        private long last;

        Flow(long last) {
            this.last = last;
        }
    }

    /** What a state hands on: its output, and the next state or none when its block ends. */
    private record Step(JsonNode output, Optional<String> next) {
    }

    ExecutionResult run() {
        scheduler.enterRoot();
        try {
            return runExecution();
        } finally {
            scheduler.leaveRoot();
        }
    }

    private ExecutionResult runExecution() {
        clock.set(startTime);
        String input = json(executionInput);
        measure(input, "(execution input)");
        history.record(HistoryEventType.ExecutionStarted, new EventDetails.ExecutionStarted(input,
                EventDetails.PayloadDetails.NOT_TRUNCATED, options.roleArn()), 0);
        Flow flow = new Flow(0);
        LOG.info("execution {} started", executionName);
        try {
            JsonNode output = runBlock(definition.states(), executionInput, Scope.root(), flow);
            String text = json(output);
            history.record(HistoryEventType.ExecutionSucceeded,
                    new EventDetails.ExecutionSucceeded(text, EventDetails.PayloadDetails.NOT_TRUNCATED), flow.last);
            return result(ExecutionStatus.SUCCEEDED, text, "", "");
        } catch (StatesError e) {
            try {
                history.record(HistoryEventType.ExecutionFailed,
                        new EventDetails.Failure(emptyToNull(e.error()), emptyToNull(e.errorCause())), flow.last);
            } catch (ExecutionTerminated limitReached) {
                return result(limitReached.status(), null, limitReached.error(), limitReached.errorCause());
            }
            return result(ExecutionStatus.FAILED, null, e.error(), e.errorCause());
        } catch (ExecutionTerminated e) {
            return result(e.status(), null, e.error(), e.errorCause());
        }
    }

    private ExecutionResult result(ExecutionStatus status, String output, String error, String cause) {
        LOG.info("execution {} {} after {} events: {}", executionName, status, history.events().size(),
                error.isEmpty() ? "-" : error);
        return new ExecutionResult(executionArn, status, Optional.ofNullable(output),
                Optional.ofNullable(emptyToNull(error)), Optional.ofNullable(emptyToNull(cause)), history.events(),
                maxPayloadBytes, maxPayloadState, Duration.between(startTime, clock.instant()), retries);
    }

    private JsonNode runBlock(StatesBlock block, JsonNode input, Scope scope, Flow flow) {
        State state = block.state(block.startAt());
        JsonNode data = input;
        while (true) {
            Step step = runState(state, data, scope, flow);
            data = step.output();
            if (step.next().isEmpty()) {
                return data;
            }
            state = block.state(step.next().get());
        }
    }

    private Step runState(State state, JsonNode input, Scope scope, Flow flow) {
        if (state instanceof State.Task task) {
            return runTask(task, input, scope, flow);
        }
        if (state instanceof State.Map map) {
            return runMap(map, input, scope, flow);
        }
        JsonataEvaluator.Site site = enter(state, input, flow);
        Instant enteredTime = clock.instant();
        Map<String, Object> states = states(input, context(state, enteredTime, 0));
        JsonataEvaluator.Bindings bindings = new JsonataEvaluator.Bindings(states, scope);
        try {
            if (state instanceof State.Pass pass) {
                return exit(pass, assign(pass.assign(), bindings, site), output(pass.output(), input, bindings, site),
                        scope, flow, pass.transition().next());
            }
            if (state instanceof State.Choice choice) {
                return runChoice(choice, input, scope, flow, bindings, site);
            }
            if (state instanceof State.Wait wait) {
                return runWait(wait, input, scope, flow, bindings, site);
            }
            if (state instanceof State.Succeed succeed) {
                return exit(succeed, Map.of(), output(succeed.output(), input, bindings, site), scope, flow,
                        Optional.empty());
            }
            if (state instanceof State.Fail fail) {
                throw new StatesError(failField(fail.error(), bindings, site, "Error"),
                        failField(fail.cause(), bindings, site, "Cause"));
            }
            throw new IllegalStateException("unknown state type " + state.type());
        } catch (QueryEvaluationFailure e) {
            recordEvaluationFailed(e, site, flow);
            throw e;
        }
    }

    private Step runChoice(State.Choice choice, JsonNode input, Scope scope, Flow flow,
                           JsonataEvaluator.Bindings bindings, JsonataEvaluator.Site site) {
        for (ChoiceRule rule : choice.choices()) {
            JsonNode condition = jsonata.evaluate(rule.condition(), bindings, site, "Condition");
            if (!condition.isBoolean()) {
                throw QueryEvaluationFailure.of("Condition", site.causePrefix() + "The Condition "
                        + rule.condition().asText() + " returned an unexpected result type. Expected 'boolean', but was "
                        + condition.getNodeType().name().toLowerCase() + " for value: " + json(condition));
            }
            if (condition.booleanValue()) {
                return exit(choice, assign(rule.assign(), bindings, site), output(rule.output(), input, bindings, site),
                        scope, flow, Optional.of(rule.next()));
            }
        }
        if (choice.defaultState().isEmpty()) {
            // States.NoChoiceMatched is reserved: AWS fails a Choice without a match or Default with States.Runtime.
            throw new StatesError(ErrorNames.RUNTIME, "No Matches!");
        }
        return exit(choice, assign(choice.assign(), bindings, site), output(choice.output(), input, bindings, site),
                scope, flow, choice.defaultState());
    }

    private Step runWait(State.Wait wait, JsonNode input, Scope scope, Flow flow, JsonataEvaluator.Bindings bindings,
                         JsonataEvaluator.Site site) {
        Duration duration;
        if (wait.seconds().isPresent()) {
            JsonNode seconds = jsonata.evaluate(wait.seconds().get(), bindings, site, "Seconds");
            if (!seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw QueryEvaluationFailure.followingEntered("Seconds", site.causePrefix()
                        + "The field 'Seconds' must be a non-negative integer but was " + json(seconds));
            }
            duration = Duration.ofSeconds(seconds.asLong());
        } else {
            JsonNode timestamp = jsonata.evaluate(wait.timestamp().get(), bindings, site, "Timestamp");
            try {
                Instant until = OffsetDateTime.parse(timestamp.asText()).toInstant();
                duration = until.isAfter(clock.instant()) ? Duration.between(clock.instant(), until) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                throw QueryEvaluationFailure.followingEntered("Timestamp", site.causePrefix() + "The Timestamp field "
                        + "cannot be parsed as an ISO-8601 extended offset date-time format string: "
                        + (timestamp.isTextual() ? timestamp.asText() : json(timestamp)));
            }
        }
        advance(duration);
        return exit(wait, assign(wait.assign(), bindings, site), output(wait.output(), input, bindings, site), scope,
                flow, wait.transition().next());
    }

    private Step runTask(State.Task task, JsonNode input, Scope scope, Flow flow) {
        JsonataEvaluator.Site site = enter(task, input, flow);
        Instant enteredTime = clock.instant();
        RetryPolicy policy = new RetryPolicy(task.retry(), random);
        int retryCount = 0;
        while (true) {
            Map<String, Object> states = states(input, context(task, enteredTime, retryCount));
            JsonataEvaluator.Bindings bindings = new JsonataEvaluator.Bindings(states, scope);
            try {
                JsonNode arguments = task.arguments()
                        .map(template -> jsonata.evaluate(template, bindings, site, "Arguments")).orElse(input);
                JsonNode result = invoke(task, arguments, flow, retryCount + 1);
                states.put("result", JsonataEvaluator.toJava(result));
                return exit(task, assign(task.assign(), bindings, site), output(task.output(), result, bindings, site),
                        scope, flow, task.transition().next());
            } catch (StatesError e) {
                if (e instanceof QueryEvaluationFailure failure) {
                    recordEvaluationFailed(failure, site, flow);
                }
                if (retry(task.name(), policy, e)) {
                    retryCount++;
                    continue;
                }
                return catchError(task, task.catchers(), e, input, scope, flow,
                        context(task, enteredTime, retryCount), site);
            }
        }
    }

    private Step runMap(State.Map map, JsonNode input, Scope scope, Flow flow) {
        JsonataEvaluator.Site site = enter(map, input, flow);
        Instant enteredTime = clock.instant();
        RetryPolicy policy = new RetryPolicy(map.retry(), random);
        int retryCount = 0;
        while (true) {
            Map<String, Object> context = context(map, enteredTime, retryCount);
            Map<String, Object> states = states(input, context);
            JsonataEvaluator.Bindings bindings = new JsonataEvaluator.Bindings(states, scope);
            boolean iterated = false;
            try {
                ArrayNode results = iterate(map, input, scope, flow, bindings, site, context);
                iterated = true;
                long lastIteration = flow.last;
                // Step Functions links both MapStateSucceeded and MapStateExited to the last iteration's event.
                record(HistoryEventType.MapStateSucceeded, null, lastIteration);
                states.put("result", JsonataEvaluator.toJava(results));
                return exit(map, assign(map.assign(), bindings, site), output(map.output(), results, bindings, site),
                        scope, flow, map.transition().next());
            } catch (StatesError e) {
                if (e instanceof QueryEvaluationFailure failure) {
                    recordEvaluationFailed(failure, site, flow);
                }
                if (retry(map.name(), policy, e)) {
                    retryCount++;
                    continue;
                }
                if (!iterated) {
                    // Once, after the last attempt, following the last event inside the Map (or its EvaluationFailed).
                    record(flow, HistoryEventType.MapStateFailed, null);
                }
                return catchError(map, map.catchers(), e, input, scope, flow,
                        context(map, enteredTime, retryCount), site);
            }
        }
    }

    /** One Map state run: the items its lanes share and what they found. */
    private static final class MapRun {
        private final State.Map map;
        private final List<JsonNode> selected;
        private final JsonNode[] outputs;
        private final long startedEventId;
        private final Scope scope;
        private final LaneScheduler.Group group = new LaneScheduler.Group();
        private int next;
        /** The last event recorded inside the Map, by any iteration. */
        private long lastEventId;
        private StatesError failure;

        MapRun(State.Map map, List<JsonNode> selected, long startedEventId, Scope scope) {
            this.map = map;
            this.selected = selected;
            this.outputs = new JsonNode[selected.size()];
            this.startedEventId = startedEventId;
            this.lastEventId = startedEventId;
            this.scope = scope;
        }
    }

    private ArrayNode iterate(State.Map map, JsonNode input, Scope scope, Flow flow,
                              JsonataEvaluator.Bindings bindings, JsonataEvaluator.Site site,
                              Map<String, Object> context) {
        JsonNode items = map.items().isPresent()
                ? jsonata.evaluateItems(map.items().get(), bindings, site) : input;
        if (!items.isArray()) {
            // Without Items the state input itself must be the array; AWS reports it without a location.
            throw QueryEvaluationFailure.of(null, "Map state input must be an array but was: " + json(items));
        }
        List<JsonNode> selected = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            if (map.itemSelector().isPresent()) {
                Map<String, Object> itemContext = new LinkedHashMap<>(context);
                Map<String, Object> mapItem = new LinkedHashMap<>();
                mapItem.put("Index", index);
                mapItem.put("Value", JsonataEvaluator.toJava(item));
                itemContext.put("Map", Map.of("Item", mapItem));
                item = jsonata.evaluate(map.itemSelector().get(),
                        new JsonataEvaluator.Bindings(states(input, itemContext), scope), site, "ItemSelector");
            }
            measure(json(item), map.name());
            selected.add(item);
        }
        long started = record(flow, HistoryEventType.MapStateStarted, new EventDetails.MapStateStarted(items.size()));
        MapRun run = new MapRun(map, selected, started, scope);
        int lanes = lanes(map, selected.size());
        if (lanes <= 1) {
            runIterations(run);
        } else {
            List<Throwable> ended = scheduler.runLanes(lanes, run.group, map.name(), lane -> runIterations(run));
            for (Throwable e : ended) {
                if (e instanceof ExecutionTerminated terminated) {
                    throw terminated;
                }
            }
            for (Throwable e : ended) {
                if (e != null && !(e instanceof LaneScheduler.IterationAborted)) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
            }
            scheduler.checkpoint();
        }
        flow.last = run.lastEventId;
        if (run.failure != null) {
            throw run.failure;
        }
        ArrayNode results = NODES.arrayNode();
        for (JsonNode output : run.outputs) {
            results.add(output);
        }
        return results;
    }

    /** Inline Map concurrency: MaxConcurrency, 0 meaning as many as Step Functions allows (40). */
    private static int lanes(State.Map map, int items) {
        int limit = DefinitionParser.INLINE_MAP_CONCURRENCY_LIMIT;
        int concurrency = map.maxConcurrency() == 0 ? limit : Math.min(map.maxConcurrency(), limit);
        return Math.min(concurrency, items);
    }

    /** One lane's work: takes the next item until none is left or the Map has failed. */
    private void runIterations(MapRun run) {
        boolean first = true;
        while (true) {
            if (!first) {
                // Lets the other lanes due now take their turn, so items start in index order.
                advance(Duration.ZERO);
            }
            first = false;
            if (run.group.aborted() || run.next >= run.selected.size()) {
                return;
            }
            int index = run.next++;
            // One at a time, AWS chains each iteration to the one before; concurrent ones all follow MapStateStarted.
            Flow iteration = new Flow(run.map.maxConcurrency() == 1 ? run.lastEventId : run.startedEventId);
            EventDetails.MapIteration details = new EventDetails.MapIteration(run.map.name(), index);
            try {
                record(iteration, HistoryEventType.MapIterationStarted, details);
                run.outputs[index] = runBlock(run.map.processor(), run.selected.get(index), run.scope.child(),
                        iteration);
                record(iteration, HistoryEventType.MapIterationSucceeded, details);
            } catch (StatesError e) {
                record(iteration, HistoryEventType.MapIterationFailed, details);
                run.failure = e;
                scheduler.abort(run.group);
                return;
            } catch (LaneScheduler.IterationAborted e) {
                record(iteration, HistoryEventType.MapIterationAborted, details);
                throw e;
            } finally {
                run.lastEventId = Math.max(run.lastEventId, iteration.last);
            }
        }
    }

    private JsonNode invoke(State.Task task, JsonNode arguments, Flow flow, int attempt) {
        String input = json(arguments);
        measure(input, task.name());
        Long timeout = task.timeoutSeconds().isPresent() ? task.timeoutSeconds().getAsLong() : null;
        record(flow, HistoryEventType.LambdaFunctionScheduled, new EventDetails.LambdaFunctionScheduled(
                task.resource(), input, EventDetails.PayloadDetails.NOT_TRUNCATED, timeout));
        Optional<LambdaServiceFaults.Fault> fault = options.lambdaServiceFaults()
                .beforeInvoke(new LambdaServiceFaults.Invocation(task.resource(), task.name(), attempt, input));
        if (fault.isPresent()) {
            record(flow, HistoryEventType.LambdaFunctionStartFailed,
                    new EventDetails.Failure(fault.get().error(), fault.get().cause()));
            throw new StatesError(fault.get().error(), fault.get().cause());
        }
        record(flow, HistoryEventType.LambdaFunctionStarted, null);
        // Lambda gives the handler its function's own Timeout; the Task's TimeoutSeconds is Step Functions' alone.
        Duration functionTimeout = options.functionTimeout(task.resource());
        String requestId = JsonataEvaluator.randomUuid(random).toString();
        LocalLambdaContext context = new LocalLambdaContext(requestId, task.resource(), options.memoryLimitInMb(),
                clock, functionTimeout);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            functions.get(task.resource()).handleRequest(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            thrown = e;
        }
        Duration took = options.measureInvocations() ? measured(started) : options.invocationDuration();
        Duration taskTimeout = timeout != null ? Duration.ofSeconds(timeout) : null;
        if (taskTimeout != null && took.compareTo(taskTimeout) > 0 && taskTimeout.compareTo(functionTimeout) <= 0) {
            advance(taskTimeout);
            String cause = "The task '" + task.name() + "' ran longer than its TimeoutSeconds of " + timeout + ".";
            record(flow, HistoryEventType.LambdaFunctionTimedOut, new EventDetails.Failure(ErrorNames.TIMEOUT, cause));
            throw new StatesError(ErrorNames.TIMEOUT, cause);
        }
        if (took.compareTo(functionTimeout) > 0) {
            advance(functionTimeout);
            String cause = functionTimedOutCause(requestId, functionTimeout);
            LOG.info("state {} request {}: function timed out after {}", task.name(), requestId, functionTimeout);
            record(flow, HistoryEventType.LambdaFunctionFailed,
                    new EventDetails.Failure(FUNCTION_TIMED_OUT, cause));
            throw new StatesError(FUNCTION_TIMED_OUT, cause);
        }
        advance(took);
        if (thrown != null) {
            String error = thrown.getClass().getName();
            String cause = lambdaErrorCause(thrown);
            LOG.info("state {} request {}: handler threw {}", task.name(), requestId, error);
            record(flow, HistoryEventType.LambdaFunctionFailed, new EventDetails.Failure(error, cause));
            throw new StatesError(error, cause);
        }
        byte[] bytes = output.toByteArray();
        if (bytes.length > PAYLOAD_LIMIT_BYTES) {
            // Not terminal: AWS records LambdaFunctionFailed and a States.ALL catcher catches it (see ErrorNames).
            noteSize(bytes.length, task.name());
            String cause = "The state/task '" + task.resource() + "' returned a result with a size exceeding the "
                    + "maximum number of bytes service limit.";
            record(flow, HistoryEventType.LambdaFunctionFailed,
                    new EventDetails.Failure(ErrorNames.DATA_LIMIT_EXCEEDED, cause));
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, cause);
        }
        JsonNode result;
        try {
            result = bytes.length == 0 ? NODES.nullNode() : Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new StatesError(ErrorNames.RUNTIME, "The function '" + task.resource()
                    + "' returned output that is not JSON: " + e.getMessage());
        }
        String text = json(result);
        measure(text, task.name());
        record(flow, HistoryEventType.LambdaFunctionSucceeded,
                new EventDetails.LambdaFunctionSucceeded(text, EventDetails.PayloadDetails.NOT_TRUNCATED));
        return result;
    }

    /**
     * The error payload Lambda returns when an invocation runs past its function's Timeout
     * (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-timeouts),
     * which a bare-ARN Task reports as the Cause of LambdaFunctionFailed.
     */
    static String functionTimedOutCause(String requestId, Duration timeout) {
        ObjectNode cause = NODES.objectNode();
        cause.put("errorMessage", "RequestId: " + requestId + " Error: Task timed out after "
                + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
        cause.put("errorType", FUNCTION_TIMED_OUT);
        return json(cause);
    }

    /**
     * The Cause Lambda's Java runtime reports for an uncaught exception: its message (its class name when it has
     * none) and the frames of the handler's own code, down to where the runtime called it. Here that is where
     * this class called the handler, so neither the executor's nor the test runner's frames show.
     */
    static String lambdaErrorCause(Throwable e) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(ExecutionRun.class.getName())) {
                break;
            }
            frames.add(frame.toString());
        }
        while (true) {
            ObjectNode cause = NODES.objectNode();
            cause.put("errorMessage", e.getMessage() != null ? e.getMessage() : e.getClass().getName());
            cause.put("errorType", e.getClass().getName());
            ArrayNode trace = cause.putArray("stackTrace");
            frames.forEach(trace::add);
            String text = json(cause);
            if (text.length() <= CAUSE_LIMIT || frames.isEmpty()) {
                return text;
            }
            frames.remove(frames.size() - 1);
        }
    }

    /** Takes the retry {@code policy} gives for {@code e}: waits its backoff and returns true, or returns false. */
    private boolean retry(String stateName, RetryPolicy policy, StatesError e) {
        Optional<RetryPolicy.Retry> next = policy.next(e);
        if (next.isEmpty()) {
            return false;
        }
        RetryPolicy.Retry retry = next.get();
        retries.add(new RetryWait(stateName, e.error(), retry.retrierIndex(), retry.attempt(), clock.instant(),
                retry.delay()));
        LOG.debug("state {}: {} retry {} of {} after {}", stateName, e.error(), retry.attempt(), retry.maxAttempts(),
                retry.delay());
        advance(retry.delay());
        return true;
    }

    private Step catchError(State state, List<Catcher> catchers, StatesError e, JsonNode input, Scope scope,
                            Flow flow, Map<String, Object> context, JsonataEvaluator.Site site) {
        for (Catcher catcher : catchers) {
            if (!e.handledBy(catcher.errorEquals())) {
                continue;
            }
            ObjectNode errorOutput = errorOutput(e);
            Map<String, Object> states = states(input, context);
            states.put("errorOutput", JsonataEvaluator.toJava(errorOutput));
            JsonataEvaluator.Bindings bindings = new JsonataEvaluator.Bindings(states, scope);
            try {
                return exit(state, assign(catcher.assign(), bindings, site),
                        output(catcher.output(), errorOutput, bindings, site), scope, flow,
                        Optional.of(catcher.next()));
            } catch (QueryEvaluationFailure failure) {
                recordEvaluationFailed(failure, site, flow);
                throw failure;
            }
        }
        throw e;
    }

    private static ObjectNode errorOutput(StatesError e) {
        ObjectNode errorOutput = NODES.objectNode();
        errorOutput.put("Error", e.error());
        errorOutput.put("Cause", e.errorCause());
        return errorOutput;
    }

    private JsonataEvaluator.Site enter(State state, JsonNode input, Flow flow) {
        String text = json(input);
        long previous = flow.last;
        long id = record(flow, HistoryEventType.entered(state),
                new EventDetails.StateEntered(state.name(), text, EventDetails.PayloadDetails.NOT_TRUNCATED));
        measure(text, state.name());
        return new JsonataEvaluator.Site(state.name(), id, previous);
    }

    private Step exit(State state, Map<String, JsonNode> assigned, JsonNode output, Scope scope, Flow flow,
                      Optional<String> next) {
        String text = json(output);
        measure(text, state.name());
        Map<String, String> variables = null;
        if (!assigned.isEmpty()) {
            variables = new TreeMap<>();
            for (Map.Entry<String, JsonNode> entry : assigned.entrySet()) {
                variables.put(entry.getKey(), json(entry.getValue()));
            }
        }
        record(flow, HistoryEventType.exited(state), new EventDetails.StateExited(state.name(), text,
                EventDetails.PayloadDetails.NOT_TRUNCATED, variables,
                variables == null ? null : EventDetails.PayloadDetails.NOT_TRUNCATED));
        scope.assign(assigned);
        return new Step(output, next);
    }

    private Map<String, JsonNode> assign(Optional<JsonNode> assign, JsonataEvaluator.Bindings bindings,
                                         JsonataEvaluator.Site site) {
        if (assign.isEmpty()) {
            return Map.of();
        }
        JsonNode values = jsonata.evaluate(assign.get(), bindings, site, "Assign");
        Map<String, JsonNode> assigned = new LinkedHashMap<>();
        values.properties().forEach(entry -> assigned.put(entry.getKey(), entry.getValue()));
        return assigned;
    }

    private JsonNode output(Optional<JsonNode> template, JsonNode fallback, JsonataEvaluator.Bindings bindings,
                            JsonataEvaluator.Site site) {
        return template.map(value -> jsonata.evaluate(value, bindings, site, "Output")).orElse(fallback);
    }

    private String failField(Optional<JsonNode> template, JsonataEvaluator.Bindings bindings,
                             JsonataEvaluator.Site site, String field) {
        if (template.isEmpty()) {
            return "";
        }
        JsonNode value = jsonata.evaluate(template.get(), bindings, site, field);
        if (!value.isTextual()) {
            throw QueryEvaluationFailure.of(field, site.causePrefix() + "The field '" + field
                    + "' must be a string but was " + json(value));
        }
        return value.asText();
    }

    /**
     * AWS links an EvaluationFailed to the event its state's entered event follows, except after a Wait's value
     * check, where it follows WaitStateEntered.
     */
    private void recordEvaluationFailed(QueryEvaluationFailure failure, JsonataEvaluator.Site site, Flow flow) {
        long previous = failure.followsEnteredEvent() ? site.enteredEventId() : site.enteredPreviousEventId();
        flow.last = record(HistoryEventType.EvaluationFailed, new EventDetails.EvaluationFailed(failure.error(),
                failure.errorCause(), failure.location(), site.stateName()), previous);
    }

    private Map<String, Object> states(JsonNode input, Map<String, Object> context) {
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", JsonataEvaluator.toJava(input));
        states.put("context", context);
        return states;
    }

    /**
     * The Context Object as {@code $states.context} shows it. {@code State.RetryCount} only in states that can
     * retry: AWS-recorded histories show a Pass state's {@code State} as just Name and EnteredTime (LocalStack's
     * test_context_object.snapshot.json).
     */
    private Map<String, Object> context(State current, Instant enteredTime, int retryCount) {
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("Id", executionArn);
        execution.put("Input", JsonataEvaluator.toJava(executionInput));
        execution.put("Name", executionName);
        execution.put("RoleArn", options.roleArn());
        execution.put("StartTime", CONTEXT_TIME.format(startTime));
        execution.put("RedriveCount", 0);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("EnteredTime", CONTEXT_TIME.format(enteredTime));
        state.put("Name", current.name());
        if (current instanceof State.Task || current instanceof State.Map) {
            state.put("RetryCount", retryCount);
        }
        Map<String, Object> stateMachine = new LinkedHashMap<>();
        stateMachine.put("Id", options.stateMachineArn());
        stateMachine.put("Name", options.stateMachineName());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("Execution", execution);
        context.put("State", state);
        context.put("StateMachine", stateMachine);
        return context;
    }

    private long record(Flow flow, HistoryEventType type, EventDetails details) {
        long id = record(type, details, flow.last);
        flow.last = id;
        return id;
    }

    private long record(HistoryEventType type, EventDetails details, long previousEventId) {
        try {
            return history.record(type, details, previousEventId);
        } catch (ExecutionTerminated e) {
            scheduler.terminate(e);
            throw e;
        }
    }

    /** Waits on the virtual clock; Map lanes due meanwhile run, and past TimeoutSeconds the execution times out. */
    private void advance(Duration duration) {
        scheduler.sleep(duration);
    }

    private ExecutionTerminated timedOut() {
        try {
            return history.terminate(ExecutionStatus.TIMED_OUT, HistoryEventType.ExecutionTimedOut,
                    ErrorNames.TIMEOUT, "The execution ran longer than its TimeoutSeconds of "
                            + definition.timeoutSeconds().getAsLong() + " seconds.", history.lastId());
        } catch (ExecutionTerminated limitReached) {
            return limitReached;
        }
    }

    private void measure(String json, String stateName) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        noteSize(bytes, stateName);
        if (bytes > PAYLOAD_LIMIT_BYTES) {
            throw StatesError.terminalDataLimit("The state '" + stateName + "' has a payload of "
                    + bytes + " bytes, exceeding the maximum number of bytes service limit (" + PAYLOAD_LIMIT_BYTES
                    + ").");
        }
    }

    private void noteSize(int bytes, String stateName) {
        if (bytes > maxPayloadBytes) {
            maxPayloadBytes = bytes;
            maxPayloadState = stateName;
        }
    }

    static String json(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Wall-clock time since {@code startedNanos}, in whole milliseconds as Step Functions' timestamps have. */
    private static Duration measured(long startedNanos) {
        return Duration.ofMillis((System.nanoTime() - startedNanos) / 1_000_000);
    }
}
