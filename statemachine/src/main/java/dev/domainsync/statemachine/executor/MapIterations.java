package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Map state's iterations: selects its items, runs its ItemProcessor over each on up to MaxConcurrency
 * {@link LaneScheduler} lanes, and records the iteration events with the links Step Functions gives them.
 */
final class MapIterations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Runs a block of states: how an iteration runs the Map's ItemProcessor. */
    interface BlockRunner {
        JsonNode run(StatesBlock block, JsonNode input, Scope scope, Flow flow);
    }

    private final JsonataEvaluator jsonata;
    private final RunRecorder recorder;
    private final BlockRunner blocks;
    private final LaneScheduler scheduler;

    MapIterations(JsonataEvaluator jsonata, RunRecorder recorder, BlockRunner blocks) {
        this.jsonata = jsonata;
        this.recorder = recorder;
        this.blocks = blocks;
        this.scheduler = recorder.scheduler();
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

    /**
     * Runs every iteration of {@code map} over its items, selected with the {@code context} of the current attempt,
     * and returns their outputs in item order; the first iteration to fail fails the Map.
     */
    ArrayNode iterate(State.Map map, JsonNode input, Scope scope, Flow flow, JsonataEvaluator.Bindings bindings,
                      JsonataEvaluator.Site site, Map<String, Object> context) {
        JsonNode items = map.items().isPresent()
                ? jsonata.evaluateItems(map.items().get(), bindings, site) : input;
        if (!items.isArray()) {
            // Without Items the state input itself must be the array; AWS reports it without a location.
            throw QueryEvaluationFailure.of(null, "Map state input must be an array but was: " + RunRecorder.json(items));
        }
        List<JsonNode> selected = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            if (map.itemSelector().isPresent()) {
                Map<String, Object> itemContext = ContextObject.withMapItem(context, index, item);
                item = jsonata.evaluate(map.itemSelector().get(),
                        new JsonataEvaluator.Bindings(ContextObject.states(input, itemContext), scope), site,
                        "ItemSelector");
            }
            recorder.measure(RunRecorder.json(item), map.name());
            selected.add(item);
        }
        long started = recorder.record(flow, HistoryEventType.MapStateStarted,
                new EventDetails.MapStateStarted(items.size()));
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
                recorder.advance(Duration.ZERO);
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
                recorder.record(iteration, HistoryEventType.MapIterationStarted, details);
                run.outputs[index] = blocks.run(run.map.processor(), run.selected.get(index), run.scope.child(),
                        iteration);
                recorder.record(iteration, HistoryEventType.MapIterationSucceeded, details);
            } catch (StatesError e) {
                recorder.record(iteration, HistoryEventType.MapIterationFailed, details);
                run.failure = e;
                scheduler.abort(run.group);
                return;
            } catch (LaneScheduler.IterationAborted e) {
                recorder.record(iteration, HistoryEventType.MapIterationAborted, details);
                throw e;
            } finally {
                run.lastEventId = Math.max(run.lastEventId, iteration.last);
            }
        }
    }
}
