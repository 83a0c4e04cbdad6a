package dev.domainsync.statemachine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.statemachine.demo.LargeListing;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.HistoryEvent;
import dev.domainsync.statemachine.executor.HistoryEventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a run costs at 2,000 stacks, counted from the histories of a local backfill and of the scheduled
 * incremental run two days later with 2 % of the stacks updated in between: state transitions (what Step
 * Functions Standard bills), Lambda invocations and CloudFormation calls. The README quotes the printed line.
 */
class RunCostTest {

    private static final int STACKS = 2_000;
    private static final Instant FIRST = Instant.parse("2026-11-26T06:00:00Z");
    private static final Instant SECOND = FIRST.plus(Duration.ofDays(2));

    private final WorkflowHarness harness = new WorkflowHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void backfillAndIncrementalRunOfTwoThousandStacks_areCountedFromTheirHistories() {
        JsonNode account = LargeListing.snapshot(STACKS, FIRST);
        harness.serve(account);
        Cost backfill = cost(harness.run("{}", FIRST), harness.requestCount());

        JsonNode later = account.deepCopy();
        int updated = 0;
        for (JsonNode stack : later.get("Stacks")) {
            if (updated < STACKS / 50 && stack.get("StackStatus").asText().endsWith("_COMPLETE")
                    && !stack.get("StackStatus").asText().startsWith("DELETE")) {
                ((ObjectNode) stack).put("StackStatus", "UPDATE_COMPLETE")
                        .put("LastUpdatedTime", SECOND.minus(Duration.ofHours(5)).toString());
                updated++;
            }
        }
        harness.serve(later);
        Cost incremental = cost(harness.run("{}", SECOND), harness.requestCount());

        System.out.printf("COST at %,d stacks: backfill %s; incremental with %d updated stacks %s%n", STACKS,
                backfill, updated, incremental);
        assertThat(backfill.lambdaInvocations()).isGreaterThan(incremental.lambdaInvocations());
        assertThat(incremental.cloudFormationCalls())
                .as("ListStacks pages plus one DescribeStacks per candidate: the updated stacks, and those created"
                        + " within the overlap before the first run")
                .isBetween(STACKS / 100, STACKS / 100 + updated + STACKS / 100);
    }

    private static Cost cost(ExecutionResult result, int cloudFormationCalls) {
        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        int entered = 0;
        int invocations = 0;
        for (HistoryEvent event : result.history()) {
            if (event.type().name().endsWith("StateEntered")) {
                entered++;
            }
            if (event.type() == HistoryEventType.LambdaFunctionScheduled) {
                invocations++;
            }
        }
        // Step Functions bills every state entered and every retry as a state transition.
        return new Cost(entered + result.retries().size(), invocations, cloudFormationCalls, result.eventCount());
    }

    private record Cost(int stateTransitions, int lambdaInvocations, int cloudFormationCalls, int events) {
        @Override
        public String toString() {
            return String.format("%,d state transitions, %,d Lambda invocations, %,d CloudFormation calls,"
                    + " %,d history events", stateTransitions, lambdaInvocations, cloudFormationCalls, events);
        }
    }
}
