package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a definition: walks the states, evaluates their JSONata, and runs Task and Map states through
 * one retry-and-catch loop. {@link TaskInvocation} calls the functions, {@link MapIterations} runs the Map lanes,
 * {@link ContextObject} builds {@code $states.context}, {@link RetryPolicy} decides each retry, and
 * {@link RunRecorder} keeps the history, the virtual clock and the payload quota.
 *
 * <p>Long because the state walk and the one retry-and-catch loop share the run's history, clock and flow; every part
 * that stands alone is already one of the classes above.
 */
final class ExecutionRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StateMachineDefinition definition;
    private final VirtualClock clock;
    private final ExecutorOptions options;
    private final Random random;
    private final JsonataEvaluator jsonata;
    private final RunRecorder recorder;
    private final History history;
    private final LaneScheduler scheduler;
    private final TaskInvocation tasks;
    private final MapIterations maps;
    private final ContextObject contexts;
    private final List<RetryWait> retries = new ArrayList<>();
    private final String executionName;
    private final String executionArn;
    private final JsonNode executionInput;
    private final Instant startTime;

    ExecutionRun(StateMachineDefinition definition, Map<String, RequestStreamHandler> functions, VirtualClock clock,
                 ExecutorOptions options, String executionName, JsonNode executionInput, Instant startTime) {
        this.definition = definition;
        this.clock = clock;
        this.options = options;
        this.random = new Random(options.seed());
        this.jsonata = new JsonataEvaluator(clock, random);
        this.recorder = new RunRecorder(clock, options, startTime, definition.timeoutSeconds());
        this.history = recorder.history();
        this.scheduler = recorder.scheduler();
        this.tasks = new TaskInvocation(functions, clock, options, random, recorder);
        this.maps = new MapIterations(jsonata, recorder, this::runBlock);
        this.executionName = executionName;
        this.executionArn = options.executionArn(executionName);
        this.executionInput = executionInput;
        this.startTime = startTime;
        this.contexts = new ContextObject(executionArn, executionName, executionInput, startTime, options);
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
                recorder.maxPayloadBytes(), recorder.maxPayloadState(), Duration.between(startTime, clock.instant()), retries);
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
        Map<String, Object> states = ContextObject.states(input, contexts.of(state, enteredTime, 0));
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

    /** What a Task or Map does in one attempt before its Output and Assign: its result, or a StatesError. */
    private interface Work {
        JsonNode attempt(Map<String, Object> context, JsonataEvaluator.Bindings bindings, int retryCount);
    }

    private Step runTask(State.Task task, JsonNode input, Scope scope, Flow flow) {
        JsonataEvaluator.Site site = enter(task, input, flow);
        return retryAndCatch(task, input, scope, flow, site, (context, bindings, retryCount) -> {
            JsonNode arguments = task.arguments()
                    .map(template -> jsonata.evaluate(template, bindings, site, "Arguments")).orElse(input);
            return tasks.invoke(task, arguments, flow, retryCount + 1);
        }, () -> { });
    }

    /** MapStateFailed comes once, after the last attempt, following the last event inside the Map. */
    private Step runMap(State.Map map, JsonNode input, Scope scope, Flow flow) {
        JsonataEvaluator.Site site = enter(map, input, flow);
        return retryAndCatch(map, input, scope, flow, site, (context, bindings, retryCount) -> {
            ArrayNode results = maps.iterate(map, input, scope, flow, bindings, site, context);
            // Step Functions links both MapStateSucceeded and MapStateExited to the last iteration's event.
            record(HistoryEventType.MapStateSucceeded, null, flow.last);
            return results;
        }, () -> record(flow, HistoryEventType.MapStateFailed, null));
    }

    /**
     * The one loop Task and Map share: attempts {@code work} until it succeeds or {@link RetryPolicy} gives no more
     * retries, then hands the error to the state's Catch. {@code workFailed} runs once, after the last attempt, when
     * that attempt failed in its work rather than in its Output or Assign.
     */
    private Step retryAndCatch(State.Retryable state, JsonNode input, Scope scope, Flow flow,
                               JsonataEvaluator.Site site, Work work, Runnable workFailed) {
        Instant enteredTime = clock.instant();
        RetryPolicy policy = new RetryPolicy(state.retry(), random);
        int retryCount = 0;
        while (true) {
            Map<String, Object> context = contexts.of(state, enteredTime, retryCount);
            Map<String, Object> states = ContextObject.states(input, context);
            JsonataEvaluator.Bindings bindings = new JsonataEvaluator.Bindings(states, scope);
            boolean worked = false;
            try {
                JsonNode result = work.attempt(context, bindings, retryCount);
                worked = true;
                states.put("result", JsonataEvaluator.toJava(result));
                return exit(state, assign(state.assign(), bindings, site),
                        output(state.output(), result, bindings, site), scope, flow, state.transition().next());
            } catch (StatesError e) {
                if (e instanceof QueryEvaluationFailure failure) {
                    recordEvaluationFailed(failure, site, flow);
                }
                if (retry(state.name(), policy, e)) {
                    retryCount++;
                    continue;
                }
                if (!worked) {
                    workFailed.run();
                }
                return catchError(state, state.catchers(), e, input, scope, flow,
                        contexts.of(state, enteredTime, retryCount), site);
            }
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
            Map<String, Object> states = ContextObject.states(input, context);
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

    private long record(Flow flow, HistoryEventType type, EventDetails details) {
        return recorder.record(flow, type, details);
    }

    private long record(HistoryEventType type, EventDetails details, long previousEventId) {
        return recorder.record(type, details, previousEventId);
    }

    private void advance(Duration duration) {
        recorder.advance(duration);
    }

    private void measure(String json, String stateName) {
        recorder.measure(json, stateName);
    }

    private static String json(JsonNode node) {
        return RunRecorder.json(node);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
