package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.SyncWorkflowTest.report;
import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.run.RunReport;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.steps.ApplyStackHandler;
import dev.domainsync.steps.PruneDeletedHandler;
import dev.domainsync.steps.RunMetricsOracle;
import dev.domainsync.telemetry.EmfCapture;
import dev.domainsync.telemetry.Telemetry;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics that a run and an event emit on Lambda, read from the EMF documents Powertools writes, for the demo's
 * known account run through the real definitions: the numbers are the run's report, and the distribution stacks are
 * what the listing holds, summed over its pages by the definition.
 */
class RunMetricsTest {

    private static final Pattern DISTRIBUTION = Pattern.compile("(?i)cloudfront");
    private static final Instant NOW = SampleSnapshots.DEMO_NOW;

    private final WorkflowHarness harness = new WorkflowHarness();
    private final EmfCapture emf = new EmfCapture();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void backfillOfTheDemoAccount_emitsTheReportsNumbersOnce() {
        JsonNode account = SampleSnapshots.first(NOW);
        harness.wrap("PruneDeleted", real -> new PruneDeletedHandler(harness.registry, emf.telemetry()));

        JsonNode report = report(harness.serve(account).run("{}", NOW));

        assertThat(emf.documents()).hasSize(1);
        JsonNode document = emf.documents().get(0);
        assertThat(document.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
                .isEqualTo(Telemetry.NAMESPACE);
        assertThat(RunMetricsOracle.declared(document))
                .isEqualTo(RunMetricsOracle.expected(runReport(report), distributionStacks(account)));
        assertThat(report.get("stacksListed").asInt()).as("three listing pages").isGreaterThan(200);
        assertThat(report.get("mappingsInserted").asInt()).isPositive();
    }

    @Test
    void incrementalRun_countsEveryDistributionStackListed_notOnlyTheChangedOnes() {
        harness.serve(SampleSnapshots.first(NOW)).run("{}", NOW);
        Instant later = NOW.plus(SampleSnapshots.BETWEEN_LISTINGS);
        JsonNode account = SampleSnapshots.second(later);
        harness.wrap("PruneDeleted", real -> new PruneDeletedHandler(harness.registry, emf.telemetry()));

        JsonNode report = report(harness.serve(account).run("{}", later));

        JsonNode document = emf.documents().get(0);
        assertThat(document.path("DistributionStacks").asInt()).isEqualTo(distributionStacks(account))
                .isGreaterThan(report.get("candidates").asInt());
        assertThat(document.path("Candidates").asInt()).isEqualTo(report.get("candidates").asInt());
        assertThat(document.path("MappingsDeleted").asInt()).isEqualTo(report.get("mappingsDeleted").asInt());
    }

    @Test
    void accountWithoutDistributionStacks_emitsZeroForTheAlarm() {
        JsonNode account = snapshot()
                .add("vpc", 1, "CREATE_COMPLETE", "Shared VPC", NOW.minusSeconds(86_400), null, null, null, null)
                .json();
        harness.wrap("PruneDeleted", real -> new PruneDeletedHandler(harness.registry, emf.telemetry()));

        JsonNode report = report(harness.serve(account).run("{}", NOW));

        assertThat(report.get("stacksListed").asInt()).isEqualTo(1);
        assertThat(emf.documents()).singleElement()
                .satisfies(document -> assertThat(document.path("DistributionStacks").asInt()).isZero());
    }

    @Test
    void stackEvent_emitsItsOutcomeWithTheMappingChanges() {
        harness.serve(snapshot().live("shop", NOW.minusSeconds(3600), "shop.example.com,www.shop.example.com", "g-1")
                .json());
        harness.wrap("ApplyStack", real -> new ApplyStackHandler(harness.stackEvents, emf.telemetry()));

        ExecutionResult result = harness.runEvent(StackEvents.event(TestStacks.id("shop", 1), "CREATE_COMPLETE",
                NOW), NOW);

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(emf.documents()).singleElement().satisfies(document -> {
            assertThat(document.path("Outcome").asText()).isEqualTo("REPLACED");
            assertThat(document.path("StackEvents").asInt()).isEqualTo(1);
            assertThat(document.path("MappingChanges").asInt()).isEqualTo(2);
        });
    }

    private static RunReport runReport(JsonNode report) {
        try {
            return Json.mapper().treeToValue(report, RunReport.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** The listing's stacks that exist and whose description is a distribution's, counted from the snapshot itself. */
    private static int distributionStacks(JsonNode account) {
        List<JsonNode> stacks = StreamSupport.stream(account.path("Stacks").spliterator(), false).toList();
        return (int) stacks.stream()
                .filter(stack -> !stack.path("StackStatus").asText().equals("DELETE_COMPLETE"))
                .filter(stack -> DISTRIBUTION.matcher(stack.path("Description").asText("")).find())
                .count();
    }
}
