package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A large backfill history written the way Step Functions writes one: pages of stacks, each page's
 * ExtractParams Map running its batches three at a time with their events interleaved, and previousEventId
 * chaining each event to the one before it in its own iteration. Too big to keep as a fixture file.
 */
final class SyntheticHistory {

    static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:domain-sync:backfill-10k";
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Instant START = Instant.parse("2026-11-28T05:00:00Z");

    private final List<Pending> events = new ArrayList<>();

    private static final class Pending {
        private final long ms;
        private final int seq;
        private final String type;
        private final Pending previous;
        private final String detailsKey;
        private final ObjectNode details;
        private long id;

        private Pending(long ms, int seq, String type, Pending previous, String detailsKey, ObjectNode details) {
            this.ms = ms;
            this.seq = seq;
            this.type = type;
            this.previous = previous;
            this.detailsKey = detailsKey;
            this.details = details;
        }
    }

    /** One thread of events: the top level, or one Map iteration. */
    private final class Chain {
        private Pending last;
        private long ms;

        private Chain(Pending last, long ms) {
            this.last = last;
            this.ms = ms;
        }

        private Pending add(long delay, String type, String detailsKey, ObjectNode details) {
            ms += delay;
            last = new Pending(ms, events.size(), type, last, detailsKey, details);
            events.add(last);
            return last;
        }

        private void task(String name, String output, boolean throttledFirst) {
            add(2, "TaskStateEntered", "stateEnteredEventDetails", named(name).put("input", "{}"));
            if (throttledFirst) {
                add(3, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", resource(name));
                add(10, "LambdaFunctionStarted", null, null);
                add(200, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", MAPPER.createObjectNode()
                        .put("error", "dev.domainsync.cloudformation.CloudFormationThrottlingException")
                        .put("cause", "Rate exceeded"));
                ms += 2_000;
            }
            add(3, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", resource(name));
            add(10, "LambdaFunctionStarted", null, null);
            add(150, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
                    MAPPER.createObjectNode().put("output", output));
            add(3, "TaskStateExited", "stateExitedEventDetails", named(name).put("output", output));
        }
    }

    static JsonNode backfill(int pages, int stacksPerPage, int batchSize) {
        return new SyntheticHistory().build(pages, stacksPerPage, batchSize);
    }

    private JsonNode build(int pages, int stacksPerPage, int batchSize) {
        Chain top = new Chain(null, 0);
        top.add(0, "ExecutionStarted", "executionStartedEventDetails",
                MAPPER.createObjectNode().put("input", "{\"mode\":\"backfill\"}"));
        top.task("StartRun", "{\"runId\":7,\"executionId\":\"" + EXECUTION + "\",\"startTime\":\"" + START
                + "\",\"mode\":\"BACKFILL\",\"dryRun\":false,\"force\":false}", false);
        int stack = 0;
        for (int page = 0; page < pages; page++) {
            top.task("ListStacks", "{\"stacks\":[]}", page % 10 == 9);
            top.task("FilterRecent", "{\"candidates\":[],\"existingStackIds\":[],\"deletedStackIds\":[]}", false);
            top.add(2, "MapStateEntered", "stateEnteredEventDetails", named("ExtractParams").put("input", "{}"));
            int batches = (stacksPerPage + batchSize - 1) / batchSize;
            Pending started = top.add(3, "MapStateStarted", "mapStateStartedEventDetails",
                    MAPPER.createObjectNode().put("length", batches));
            long[] lanes = {top.ms, top.ms, top.ms};
            Chain latest = null;
            for (int batch = 0; batch < batches; batch++) {
                int lane = batch % lanes.length;
                Chain iteration = new Chain(started, lanes[lane]);
                iteration.add(0, "MapIterationStarted", "mapIterationStartedEventDetails",
                        named("ExtractParams").put("index", batch));
                iteration.task("ExtractParamsBatch", batchOutput(stack, batchSize), false);
                iteration.add(2, "MapIterationSucceeded", "mapIterationSucceededEventDetails",
                        named("ExtractParams").put("index", batch));
                lanes[lane] = iteration.ms;
                stack += batchSize;
                if (latest == null || iteration.ms >= latest.ms) {
                    latest = iteration;
                }
            }
            top.last = latest.last;
            top.ms = latest.ms;
            top.add(3, "MapStateSucceeded", null, null);
            top.add(2, "MapStateExited", "stateExitedEventDetails", named("ExtractParams").put("output", "{}"));
            top.task("WriteRows", "{\"runId\":7,\"stacksListed\":" + stack + ",\"stacksChanged\":" + stack
                    + ",\"stacksSkipped\":0,\"claims\":" + stack + "}", false);
            top.add(3, "ChoiceStateEntered", "stateEnteredEventDetails", named("MorePages").put("input", "{}"));
            top.add(1, "ChoiceStateExited", "stateExitedEventDetails", named("MorePages").put("output", "{}"));
        }
        String report = report(stack);
        top.task("PruneDeleted", report, false);
        top.add(2, "SucceedStateEntered", "stateEnteredEventDetails", named("Done").put("input", report));
        top.add(1, "SucceedStateExited", "stateExitedEventDetails", named("Done").put("output", report));
        top.add(3, "ExecutionSucceeded", "executionSucceededEventDetails",
                MAPPER.createObjectNode().put("output", report));
        return history();
    }

    private JsonNode history() {
        List<Pending> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.<Pending>comparingLong(event -> event.ms).thenComparingInt(event -> event.seq));
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).id = i + 1;
        }
        ArrayNode array = MAPPER.createArrayNode();
        for (Pending event : ordered) {
            ObjectNode node = array.addObject()
                    .put("timestamp", START.plusMillis(event.ms).toString())
                    .put("type", event.type)
                    .put("id", event.id)
                    .put("previousEventId", event.previous == null ? 0 : event.previous.id);
            if (event.detailsKey != null) {
                node.set(event.detailsKey, event.details);
            }
        }
        ObjectNode history = MAPPER.createObjectNode();
        history.set("events", array);
        return history;
    }

    private static String batchOutput(int first, int size) {
        ArrayNode stacks = MAPPER.createArrayNode();
        for (int i = first; i < first + size; i++) {
            ObjectNode stack = stacks.addObject()
                    .put("stackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/cdn-" + i + "/uuid-" + i)
                    .put("stackName", "cdn-" + i)
                    .put("creationTime", "2025-01-01T00:00:00Z");
            if (i % 10 == 0) {
                stack.put("skipReason", "BLANK_GROUP_PARAMETER");
            } else {
                stack.put("groupId", "g-" + i % 300);
                stack.putArray("domains").add("site-" + i + ".example.com");
            }
        }
        ObjectNode output = MAPPER.createObjectNode();
        output.set("stacks", stacks);
        return output.toString();
    }

    private static String report(int stacks) {
        ObjectNode report = MAPPER.createObjectNode()
                .put("runId", 7).put("executionId", EXECUTION).put("status", "SUCCEEDED").put("mode", "BACKFILL")
                .put("stacksListed", stacks).put("candidates", stacks).put("stacksWritten", stacks - stacks / 10)
                .put("stacksSkipped", stacks / 10).put("claims", stacks - stacks / 10)
                .put("mappingsInserted", stacks - stacks / 10).put("mappingsTotal", stacks - stacks / 10)
                .put("changesTruncated", true);
        report.putObject("skippedByReason").put("BLANK_GROUP_PARAMETER", stacks / 10);
        ArrayNode changes = report.putArray("changes");
        for (int i = 1; i <= 200; i++) {
            changes.addObject().put("domainName", "site-" + i + ".example.com").put("action", "INSERT")
                    .put("newGroupId", "g-" + i % 300).put("newStackName", "cdn-" + i);
        }
        return report.toString();
    }

    private static ObjectNode named(String name) {
        return MAPPER.createObjectNode().put("name", name);
    }

    private static ObjectNode resource(String name) {
        return MAPPER.createObjectNode()
                .put("resource", "arn:aws:lambda:eu-west-1:123456789012:function:domain-sync-" + name + "Function")
                .put("input", "{}");
    }
}
