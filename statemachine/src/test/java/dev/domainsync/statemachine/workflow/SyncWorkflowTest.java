package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.TestStacks.id;
import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real definition, run end to end: one named scenario per path through the sync rules. */
class SyncWorkflowTest {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final Instant LONG_AGO = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant FIRST = T0.plus(Duration.ofDays(2));
    private static final Instant SECOND = FIRST.plus(Duration.ofDays(2));

    private final WorkflowHarness harness = new WorkflowHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void firstRun_backfillsTheTableThatTheRulesGive() {
        JsonNode account = SampleSnapshots.first(SampleSnapshots.DEMO_NOW);

        ExecutionResult result = harness.serve(account).run("{}", SampleSnapshots.DEMO_NOW);

        assertThat(result.succeeded()).as(result.error() + " " + result.cause()).isTrue();
        assertThat(report(result).get("mode").asText()).isEqualTo("BACKFILL");
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(account));
        assertThat(statesEntered(result)).startsWith("StartRun", "ListStacks", "FilterRecent", "ExtractParams")
                .endsWith("WriteRows", "MorePages", "PruneDeleted", "Done")
                .doesNotContain("FailRun");
        assertThat(statesEntered(result).stream().filter("ListStacks"::equals)).hasSize(3);
    }

    @Test
    void incrementalRun_picksUpCreatedUpdatedAndDeletedStacks_andLeavesTheRestAlone() {
        Instant first = SampleSnapshots.DEMO_NOW;
        Instant second = first.plus(SampleSnapshots.BETWEEN_LISTINGS);
        harness.serve(SampleSnapshots.first(first)).run("{}", first);
        JsonNode later = SampleSnapshots.second(second);

        ExecutionResult result = harness.serve(later).run("{}", second);

        JsonNode report = report(result);
        assertThat(report.get("mode").asText()).isEqualTo("INCREMENTAL");
        assertThat(report.get("since").asText()).isEqualTo(first.minus(Duration.ofHours(6)).toString());
        assertThat(report.get("candidates").asInt()).as("only the stacks changed in two days").isBetween(20, 40);
        assertThat(report.get("stacksPruned").asInt()).isPositive();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(later));
    }

    @Test
    void stackRecreatedUnderTheSameName_keepsTheDomainUnderTheNewStackId() {
        harness.serve(snapshot().live("cust-a", T0, "a.example.com", "g-a").json()).run("{}", FIRST);

        ExecutionResult result = harness.serve(snapshot()
                .deleted("cust-a", 1, T0, FIRST.plusSeconds(3600), "a.example.com", "g-a")
                .add("cust-a", 2, "CREATE_COMPLETE", TestStacks.DISTRIBUTION, FIRST.plusSeconds(7200), null, null,
                        "a.example.com", "g-a")
                .json()).run("{}", SECOND);

        assertThat(result.succeeded()).isTrue();
        assertThat(harness.mappings()).containsExactly(new Mapping("a.example.com", "g-a", id("cust-a", 2), "cust-a"));
        assertThat(harness.changeLog(report(result).get("runId").asLong()))
                .containsExactly("UPDATE a.example.com g-a->g-a, " + id("cust-a", 1) + "->" + id("cust-a", 2));
    }

    @Test
    void conflictWhoseWinnerIsDeleted_handsTheDomainToTheLoser() {
        harness.serve(snapshot()
                .live("old", LONG_AGO, "shared.example.com", "g-old")
                .live("new", T0, "shared.example.com, new.example.com", "g-new")
                .json()).run("{}", FIRST);
        assertThat(harness.mappings()).contains(new Mapping("shared.example.com", "g-old", id("old", 1), "old"));

        ExecutionResult result = harness.serve(snapshot()
                .deleted("old", 1, LONG_AGO, FIRST.plusSeconds(60), "shared.example.com", "g-old")
                .live("new", T0, "shared.example.com, new.example.com", "g-new")
                .json()).run("{}", SECOND);

        assertThat(report(result).get("candidates").asInt()).as("the loser itself did not change").isZero();
        assertThat(harness.mappings()).containsExactly(
                new Mapping("new.example.com", "g-new", id("new", 1), "new"),
                new Mapping("shared.example.com", "g-new", id("new", 1), "new"));
    }

    @Test
    void inProgressStack_isPickedUpByTheNextRun() {
        Instant updateStarted = FIRST.minusSeconds(600);
        harness.serve(snapshot()
                .live("steady", T0, "steady.example.com", "g-1")
                .add("busy", 1, "UPDATE_IN_PROGRESS", TestStacks.DISTRIBUTION, T0, updateStarted, null,
                        "busy-new.example.com", "g-2")
                .json()).run("{}", FIRST);
        assertThat(harness.mappings()).extracting(Mapping::domainName).containsExactly("steady.example.com");

        ExecutionResult result = harness.serve(snapshot()
                .live("steady", T0, "steady.example.com", "g-1")
                .add("busy", 1, "UPDATE_COMPLETE", TestStacks.DISTRIBUTION, T0, updateStarted, null,
                        "busy-new.example.com", "g-2")
                .json()).run("{}", SECOND);

        assertThat(result.succeeded()).isTrue();
        assertThat(report(result).get("candidates").asInt()).as("within the 6 h overlap").isEqualTo(1);
        assertThat(harness.mappings()).extracting(Mapping::domainName)
                .containsExactly("busy-new.example.com", "steady.example.com");
    }

    @Test
    void dryRun_reportsTheChangesButChangesNothing() {
        harness.serve(snapshot().live("a", T0, "a.example.com", "g-a").json()).run("{}", FIRST);
        List<Mapping> before = harness.mappings();

        ExecutionResult result = harness.serve(snapshot()
                .updated("a", T0, FIRST.plusSeconds(60), "a.example.com", "g-b")
                .live("c", FIRST.plusSeconds(60), "c.example.com", "g-c")
                .json()).run("{\"dryRun\": true}", SECOND);

        JsonNode report = report(result);
        assertThat(report.get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(report.get("mappingsInserted").asInt()).isEqualTo(1);
        assertThat(report.get("mappingsUpdated").asInt()).isEqualTo(1);
        assertThat(report.get("changes")).hasSize(2);
        assertThat(harness.mappings()).isEqualTo(before);

        ExecutionResult next = harness.run("{}", SECOND.plusSeconds(60));
        assertThat(report(next).get("since").asText()).as("a dry run is no predecessor")
                .isEqualTo(FIRST.minus(Duration.ofHours(6)).toString());
        assertThat(harness.mappings()).extracting(Mapping::groupId).containsExactly("g-b", "g-c");
    }

    @Test
    void pruneGuard_failsTheRunAndChangesNothing_untilForced() {
        TestStacks many = snapshot();
        TestStacks mostGone = snapshot();
        for (int i = 0; i < 40; i++) {
            many.live("s" + i, T0, "d" + i + ".example.com", "g");
            if (i < 20) {
                mostGone.live("s" + i, T0, "d" + i + ".example.com", "g");
            }
        }
        harness.serve(many.json()).run("{}", FIRST);

        ExecutionResult refused = harness.serve(mostGone.json()).run("{}", SECOND);

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.error()).contains("dev.domainsync.registry.PruneGuardException");
        assertThat(refused.cause().orElseThrow()).contains("20 of 40");
        assertThat(statesEntered(refused)).endsWith("PruneDeleted", "FailRun", "Failed");
        assertThat(harness.mappings()).hasSize(40);

        ExecutionResult dryRun = harness.run("{\"dryRun\": true}", SECOND.plusSeconds(30));

        assertThat(report(dryRun).get("pruneGuardWarning").asText()).as("a dry run reports, it does not fail")
                .startsWith("the run would delete 20 of 40 mappings (50%)");
        assertThat(harness.mappings()).hasSize(40);

        ExecutionResult forced = harness.run("{\"force\": true}", SECOND.plusSeconds(60));

        assertThat(forced.succeeded()).isTrue();
        assertThat(harness.mappings()).hasSize(20);
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED", "DRY_RUN", "SUCCEEDED");
    }

    @Test
    void startTimeAheadOfTheDatabaseClock_isCaughtAndRecordedByFailRun_andTheNextRunReadsOnFromTheLastGoodOne() {
        harness.serve(snapshot().live("a", T0, "a.example.com", "g").json()).run("{}", FIRST);

        ExecutionResult refused = harness.run("{}", Instant.parse("2030-01-01T00:00:00Z"));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.error()).contains("dev.domainsync.registry.ClockSkewException");
        assertThat(statesEntered(refused)).containsExactly("StartRun", "FailRun", "Failed");
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED");

        harness.serve(snapshot().live("a", T0, "a.example.com", "g").live("b", SECOND, "b.example.com", "g").json());
        ExecutionResult next = harness.run("{}", SECOND.plusSeconds(60));

        assertThat(report(next).get("since").asText()).isEqualTo(FIRST.minus(Duration.ofHours(6)).toString());
        assertThat(harness.mappings()).hasSize(2);
    }

    @Test
    void throttlingBursts_areRetriedToSuccess() {
        JsonNode account = SampleSnapshots.first(SampleSnapshots.DEMO_NOW);
        // Every fourth request throttled, and one burst long enough to outlast the SDK's own four attempts.
        FaultPlan faults = FaultPlan.pattern("...T" + ".".repeat(20) + "TTTTTT" + "...T".repeat(10), false);

        ExecutionResult result = harness.serve(account, faults).run("{}", SampleSnapshots.DEMO_NOW);

        assertThat(result.succeeded()).as(result.error() + " " + result.cause()).isTrue();
        assertThat(faults.injectedCount()).isGreaterThan(10);
        assertThat(result.retries()).as("Step Functions retried after the SDK gave up")
                .anySatisfy(wait -> assertThat(wait.error())
                        .isEqualTo("dev.domainsync.cloudformation.CloudFormationThrottlingException"));
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(account));
    }

    @Test
    void backfillInput_afterEarlierRuns_rereadsEveryStack() {
        harness.serve(snapshot().live("a", T0, "a.example.com", "g-a").live("b", T0, "b.example.com", "g-b").json())
                .run("{}", FIRST);

        ExecutionResult result = harness.run("{\"mode\": \"backfill\"}", SECOND);

        assertThat(report(result).get("mode").asText()).isEqualTo("BACKFILL");
        assertThat(report(result).get("candidates").asInt()).isEqualTo(2);
        assertThat(report(result).get("mappingsInserted").asInt()).isZero();
    }

    @Test
    void sinceInput_considersOnlyStacksChangedSinceThen() {
        harness.serve(snapshot()
                .live("old", T0, "old.example.com", "g")
                .live("new", FIRST.minusSeconds(60), "new.example.com", "g")
                .json());

        ExecutionResult result = harness.run("{\"since\": \"" + FIRST.minusSeconds(3600) + "\"}", FIRST);

        assertThat(report(result).get("mode").asText()).isEqualTo("SINCE");
        assertThat(harness.mappings()).extracting(Mapping::domainName).containsExactly("new.example.com");
    }

    static JsonNode report(ExecutionResult result) {
        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        try {
            return Json.mapper().readTree(result.output().orElseThrow());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
