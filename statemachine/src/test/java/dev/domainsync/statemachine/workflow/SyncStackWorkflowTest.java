package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.StackEvents.event;
import static dev.domainsync.statemachine.workflow.TestStacks.id;
import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.ChangeRow;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.demo.LargeListing;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import dev.domainsync.statemachine.report.AuditReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The event path end to end: sync-stack.asl.json in the local executor, the real ReadStack and ApplyStack handlers,
 * the stack snapshot endpoint through the real SDK, and PostgreSQL; each event as EventBridge delivers it.
 */
class SyncStackWorkflowTest {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofDays(1));
    private static final Instant T2 = T0.plus(Duration.ofDays(2));
    private static final String SHOP = id("shop", 1);
    private static final String BLOG = id("blog", 1);

    @Test
    void createComplete_reachesTheTableAtOnce_loggedUnderTheEventAndItsExecution() {
        JsonNode stacks = snapshot().live("shop", T0, "shop.example.com,www.shop.example.com", "g-1").json();
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutionResult result = harness.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T0);

            assertThat(result.succeeded()).as("%s %s", result.error(), result.cause()).isTrue();
            assertThat(statesEntered(result)).containsExactly("ReadStack", "ApplyStack", "Done");
            assertThat(output(result).get("outcome").asText()).isEqualTo("REPLACED");
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(stacks));
            assertThat(harness.db.changeLog()).extracting(ChangeRow::source, ChangeRow::requestId)
                    .containsOnly(tuple("event", result.executionArn()));
        }
    }

    @Test
    void auditReportOfAnEvent_showsTheSourceTheOutcomeAndEachChange() {
        JsonNode stacks = snapshot().live("shop", T0, "shop.example.com", "g-1").json();
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutionResult result = succeeded(harness.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T0));

            AuditReport report = AuditReport.fromHistory(result.historyJson().toString(),
                    LocalWorkflow.definitionJson(LocalWorkflow.SYNC_STACK_DEFINITION_RESOURCE));

            assertThat(report.digest().appliedStack()).hasValueSatisfying(applied -> assertThat(applied.changes())
                    .extracting(change -> change.action() + " " + change.domainName())
                    .containsExactly("INSERT shop.example.com"));
            assertThat(report.digest().runReport()).isEmpty();
            assertThat(report.html()).contains("Source <code>event</code>").contains("REPLACED")
                    .contains("shop.example.com").contains("event: the stack&#39;s claims were replaced");
        }
    }

    @Test
    void updateComplete_replacesTheClaimsWithTheStacksParametersNow() {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            harness.serve(snapshot().live("shop", T0, "shop.example.com,old.example.com", "g-1").json());
            succeeded(harness.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T0));
            JsonNode updated = snapshot().updated("shop", T0, T1, "shop.example.com", "g-2").json();

            ExecutionResult result = harness.serve(updated).runEvent(event(SHOP, "UPDATE_COMPLETE", T1), T1);

            succeeded(result);
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(updated));
        }
    }

    @Test
    void deleteComplete_removesTheClaims_andTheLaterStackTakesOverTheDomain() {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            harness.serve(snapshot()
                    .live("shop", T0, "shop.example.com", "g-shop")
                    .live("blog", T1, "shop.example.com,blog.example.com", "g-blog").json());
            succeeded(harness.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T0));
            succeeded(harness.runEvent(event(BLOG, "CREATE_COMPLETE", T1), T1));
            JsonNode afterDelete = snapshot()
                    .deleted("shop", 1, T0, T2, "shop.example.com", "g-shop")
                    .live("blog", T1, "shop.example.com,blog.example.com", "g-blog").json();

            ExecutionResult result = harness.serve(afterDelete).runEvent(event(SHOP, "DELETE_COMPLETE", T2), T2);

            succeeded(result);
            assertThat(output(result).get("outcome").asText()).isEqualTo("REMOVED");
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(afterDelete));
        }
    }

    @Test
    void failedCreateRolledBack_isIgnoredAsNotLive_andChangesNothing() {
        JsonNode stacks = snapshot().add("shop", 1, "ROLLBACK_COMPLETE", TestStacks.DISTRIBUTION, T0, null, null,
                "shop.example.com", "g-1").json();
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutionResult result = harness.runEvent(event(SHOP, "ROLLBACK_COMPLETE", T0), T0);

            succeeded(result);
            assertThat(output(result).get("outcome").asText()).isEqualTo("IGNORED");
            assertThat(output(result).get("detail").asText()).isEqualTo("NOT_LIVE");
            assertThat(harness.mappings()).isEmpty();
        }
    }

    @Test
    void updateRolledBack_isLive_andTheRestoredParametersAreTheClaims() {
        try (WorkflowHarness harness = new WorkflowHarness()) {
            harness.serve(snapshot().live("shop", T0, "shop.example.com", "g-1").json());
            succeeded(harness.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T0));
            JsonNode rolledBack = snapshot().add("shop", 1, "UPDATE_ROLLBACK_COMPLETE", TestStacks.DISTRIBUTION, T0,
                    T1, null, "shop.example.com", "g-1").json();

            ExecutionResult result = harness.serve(rolledBack)
                    .runEvent(event(SHOP, "UPDATE_ROLLBACK_COMPLETE", T1), T1);

            succeeded(result);
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(rolledBack));
        }
    }

    @Test
    void stackOfAnotherTemplate_isIgnoredAsNotADistribution() {
        JsonNode stacks = snapshot().add("pipeline", 1, "CREATE_COMPLETE", "CI/CD pipeline", T0, null, null,
                "shop.example.com", "g-1").json();
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutionResult result = harness.runEvent(event(id("pipeline", 1), "CREATE_COMPLETE", T0), T0);

            succeeded(result);
            assertThat(output(result).get("detail").asText()).isEqualTo("NOT_A_DISTRIBUTION_STACK");
            assertThat(harness.mappings()).isEmpty();
        }
    }

    @Test
    void nestedStacks_areReadLikeTheListingReadsThem_aDistributionClaims_anotherTemplateIsIgnored() {
        ObjectNode stacks = snapshot()
                .add("root", 1, "CREATE_COMPLETE", "Customer platform root", T0, null, null, null, null)
                .add("root-Cdn-1AB", 1, "CREATE_COMPLETE", TestStacks.DISTRIBUTION, T0, null, null,
                        "shop.example.com", "g-1")
                .add("root-Network-2CD", 1, "CREATE_COMPLETE", "VPC and subnets", T0, null, null, null, null)
                .json();
        for (int i = 1; i <= 2; i++) {
            ((ObjectNode) stacks.get("Stacks").get(i)).put("ParentId", id("root", 1)).put("RootId", id("root", 1));
        }
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            for (String name : List.of("root-Cdn-1AB", "root-Network-2CD", "root")) {
                succeeded(harness.runEvent(event(id(name, 1), "CREATE_COMPLETE", T0), T0));
            }

            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(stacks))
                    .extracting(TestDatabase.Mapping::stackId).containsExactly(id("root-Cdn-1AB", 1));
        }
    }

    @Test
    void duplicateEvents_giveTheTableOfOneEvent_andLogEachChangeOnce() {
        JsonNode stacks = snapshot().live("shop", T0, "shop.example.com", "g-1").json();
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            String event = event(SHOP, "CREATE_COMPLETE", T0);
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(output(succeeded(harness.runEvent(event, T0))).get("outcome").asText());
            }

            assertThat(outcomes).containsExactly("REPLACED", "UNCHANGED", "UNCHANGED");
            assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(stacks));
            assertThat(harness.db.changeLog()).hasSize(1);
        }
    }

    @Test
    void eventsOutOfOrder_giveTheTableOfTheStackNow_andAnOlderReadingNeverOverwritesANewerOne() {
        JsonNode created = snapshot().live("shop", T0, "shop.example.com", "g-1").json();
        JsonNode updated = snapshot().updated("shop", T0, T1, "shop.example.com,www.shop.example.com", "g-2").json();
        TestDatabase db = TestDatabases.migrated();
        try (WorkflowHarness before = new WorkflowHarness(db, db.database()).serve(created);
                WorkflowHarness after = new WorkflowHarness(db, db.database()).serve(updated)) {
            // The update's event comes first; the create's event is late and, worse, was read before the update.
            succeeded(after.runEvent(event(SHOP, "UPDATE_COMPLETE", T1), T1));
            ExecutionResult late = before.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T1.plusSeconds(5));
            ExecutionResult lateReadNow = after.runEvent(event(SHOP, "CREATE_COMPLETE", T0), T1.plusSeconds(6));

            assertThat(output(succeeded(late)).get("outcome").asText()).isEqualTo("STALE");
            assertThat(output(succeeded(lateReadNow)).get("outcome").asText()).isEqualTo("UNCHANGED");
            assertThat(db.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(updated));
        }
    }

    @Test
    void eventWhileAScheduledRunIsBetweenItsPages_theRunKeepsTheEventsNewerClaimsAndItsNewStack() {
        // 120 other stacks give the run's listing two pages; shop is updated and blog created after the listing.
        TestStacks before = snapshot().live("shop", T0, "shop.example.com", "g-1");
        TestStacks now = snapshot().updated("shop", T0, T2, "shop.example.com", "g-2")
                .live("blog", T2, "blog.example.com", "g-blog");
        for (int i = 0; i < 120; i++) {
            before.add("network-" + i, 1, "CREATE_COMPLETE", "VPC", T0, null, null, null, null);
            now.add("network-" + i, 1, "CREATE_COMPLETE", "VPC", T0, null, null, null, null);
        }
        TestDatabase db = TestDatabases.migrated();
        try (WorkflowHarness run = new WorkflowHarness(db, db.database()).serve(before.json());
                WorkflowHarness events = new WorkflowHarness(db, db.database()).serve(now.json())) {
            AtomicInteger pages = new AtomicInteger();
            run.wrap("WriteRows", real -> (input, output, context) -> {
                real.handleRequest(input, output, context);
                if (pages.incrementAndGet() == 1) {
                    succeeded(events.runEvent(event(SHOP, "UPDATE_COMPLETE", T2), T2));
                    succeeded(events.runEvent(event(BLOG, "CREATE_COMPLETE", T2), T2));
                }
            });

            ExecutionResult result = run.run("{\"mode\": \"backfill\"}", T2);

            succeeded(result);
            assertThat(pages).hasValue(2);
            assertThat(db.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(now.json()));
        }
    }

    @Test
    void burstOfAThousandEventsForDifferentStacks_endsWithExactlyTheTableABackfillGives() throws Exception {
        JsonNode stacks = LargeListing.snapshot(1000, T2);
        List<String> events = new ArrayList<>();
        for (JsonNode stack : stacks.get("Stacks")) {
            String status = stack.get("StackStatus").asText();
            events.add(event(stack.get("StackId").asText(), status, T2));
        }
        Collections.shuffle(events, new Random(8));
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<ExecutionResult>> results = new ArrayList<>();
                for (String event : events) {
                    results.add(pool.submit(() -> harness.runEvent(event, T2)));
                }
                for (Future<ExecutionResult> result : results) {
                    succeeded(result.get());
                }
            } finally {
                pool.shutdown();
            }

            assertThat(events).hasSize(1000);
            assertThat(harness.mappings()).hasSizeGreaterThan(1000)
                    .containsExactlyElementsOf(ExpectedMappings.backfillTable(stacks));
        }
    }

    private static ExecutionResult succeeded(ExecutionResult result) {
        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        return result;
    }

    private static JsonNode output(ExecutionResult result) {
        try {
            return Json.mapper().readTree(result.output().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
