package dev.domainsync.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.rules.StackSummary;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.FilteredPage;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunMode;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.rules.StackReading;
import dev.domainsync.steps.ApplyStackRequest;
import dev.domainsync.steps.ExtractParamsRequest;
import dev.domainsync.steps.ExtractedStacks;
import dev.domainsync.steps.FilterRecentRequest;
import dev.domainsync.steps.ListStacksRequest;
import dev.domainsync.steps.PruneDeletedRequest;
import dev.domainsync.steps.StackStatusEvent;
import dev.domainsync.steps.StartRunRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record that crosses a step boundary survives the shared mapper unchanged, and pages stay small. */
class PayloadContractTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Instant T1 = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant T2 = Instant.parse("2026-02-03T04:05:06Z");
    private static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/cust-acme-prod-cdn/0b5e8f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

    private static final MappingChange CHANGE = new MappingChange("a.example.com", MappingChange.Action.UPDATE,
            "g-0", "g-1", "old", STACK_ID, "old-name", "cust-acme-prod-cdn");
    private static final RunReport REPORT = new RunReport(
            new RunContext(3, "exec", T2, T1, RunMode.INCREMENTAL, false, true), RunStatus.SUCCEEDED,
            new RunReport.Listing(250, 5, 40),
            new RunReport.Extracts(38, 2, Map.of(SkipReason.BLANK_GROUP_PARAMETER, 2), 1, 60),
            new RunReport.ClaimTable(5, 3),
            new RunReport.MappingCounts(10, 4, 6, 300),
            List.of(CHANGE), false, "pruning would remove 20 of 40 mappings");

    static Stream<Object> payloads() {
        StackSummary summary = new StackSummary(STACK_ID, "cust-acme-prod-cdn", "UPDATE_COMPLETE",
                "Customer CloudFront distribution", T1, T2, null, "parent", "root");
        CandidateStack candidate = new CandidateStack(STACK_ID, "cust-acme-prod-cdn", T1, T2);
        StackExtract claims = StackExtract.claims(candidate, "g-1", List.of("a.example.com", "*.b.example.org"),
                List.of(new InvalidDomain("bad_name.example", "invalid character '_'")));
        StackExtract skipped = StackExtract.skipped(candidate, SkipReason.GROUP_TOO_LONG, List.of());
        return Stream.of(
                new StartRunRequest("arn:aws:states:us-east-1:1:execution:SyncDomains:x", T1,
                        MAPPER.createObjectNode().put("mode", "backfill")),
                new RunContext(3, "exec", T1, Instant.EPOCH, RunMode.BACKFILL, true, false),
                new ListStacksRequest("token=="),
                new ListStacksRequest(null),
                new StackPage(List.of(summary), "next"),
                new FilterRecentRequest(T1, List.of(summary)),
                new FilteredPage(List.of(candidate), List.of(STACK_ID), List.of("gone"), 1),
                new ExtractParamsRequest(List.of(candidate)),
                new ExtractedStacks(List.of(claims, skipped)),
                new StagedPage(3, List.of(STACK_ID), List.of("gone"), List.of(claims, skipped)),
                new StagedCounts(3, 100, 12, 2, 20),
                new PruneDeletedRequest(3, 250),
                new PruneDeletedRequest(3, null),
                REPORT,
                new RunFailure(null, "exec", T1, "States.TaskFailed", "boom"),
                new RunFailure(3L, "exec", T1, "dev.domainsync.registry.PruneGuardException", "too many"),
                new StackStatusEvent("6a7e8feb", StackStatusEvent.DETAIL_TYPE, StackStatusEvent.SOURCE,
                        "123456789012", T2, "us-east-1", List.of(STACK_ID), new StackStatusEvent.Detail(STACK_ID,
                        new StackStatusEvent.StatusDetails("UPDATE_COMPLETE", ""), "Console-UpdateStack-1")),
                StackReading.claims(claims, "UPDATE_COMPLETE", T2),
                StackReading.claims(skipped, "UPDATE_COMPLETE", T2),
                StackReading.gone(STACK_ID, "cust-acme-prod-cdn", "DELETE_COMPLETE", StackReading.DELETED),
                StackReading.ignored(STACK_ID, "other", "ROLLBACK_COMPLETE", StackReading.NOT_LIVE),
                new ApplyStackRequest("arn:aws:states:us-east-1:1:execution:SyncStack:x",
                        StackReading.claims(claims, "UPDATE_COMPLETE", T2)),
                new AppliedStack(STACK_ID, AppliedStack.Outcome.REPLACED, "2 claims", List.of(CHANGE), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void payload_roundTripsThroughTheSharedMapper(Object payload) throws Exception {
        String json = MAPPER.writeValueAsString(payload);

        assertThat(MAPPER.readValue(json, payload.getClass())).isEqualTo(payload);
        assertThat(json).doesNotContain("null");
    }

    @Test
    void runReport_isOneFlatObject_itsGroupsUnwrapped() throws Exception {
        ObjectNode expected = (ObjectNode) MAPPER.readTree("""
                {"runId": 3, "executionId": "exec", "status": "SUCCEEDED", "mode": "INCREMENTAL",
                 "startTime": "2026-02-03T04:05:06Z", "since": "2026-01-02T03:04:05.678Z", "dryRun": false,
                 "force": true, "stacksListed": 250, "stacksDeleted": 5, "candidates": 40, "stacksWritten": 38,
                 "stacksSkipped": 2, "skippedByReason": {"BLANK_GROUP_PARAMETER": 2}, "invalidDomains": 1,
                 "claims": 60, "conflicts": 3, "stacksPruned": 5, "mappingsInserted": 10, "mappingsUpdated": 4,
                 "mappingsDeleted": 6, "mappingsTotal": 300, "changesTruncated": false,
                 "pruneGuardWarning": "pruning would remove 20 of 40 mappings"}""");
        expected.set("changes", MAPPER.valueToTree(List.of(CHANGE)));

        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(REPORT))).isEqualTo(expected);
    }

    @Test
    void times_areIso8601Strings() throws Exception {
        String json = MAPPER.writeValueAsString(new CandidateStack("id", "name", T1, null));

        assertThat(json).isEqualTo("{\"stackId\":\"id\",\"stackName\":\"name\",\"creationTime\":\"2026-01-02T03:04:05.678Z\"}");
    }

    @Test
    void fullPageWithLongestDescriptions_staysFarBelowTheStepFunctionsPayloadLimit() throws Exception {
        String description = "CloudFront " + "d".repeat(1013); // CloudFormation allows 1,024 characters
        List<StackSummary> stacks = IntStream.range(0, 100)
                .mapToObj(i -> new StackSummary(STACK_ID + i, "s".repeat(128), "UPDATE_ROLLBACK_COMPLETE",
                        description, T1, T2, T2, STACK_ID, STACK_ID))
                .toList();
        List<StackExtract> extracts = IntStream.range(0, 100)
                .mapToObj(i -> StackExtract.claims(new CandidateStack(STACK_ID + i, "s".repeat(128), T1, T2),
                        "g".repeat(255), List.of("www.customer-" + i + ".example.com", "customer-" + i + ".example.com",
                                "*.customer-" + i + ".example.com"), List.of()))
                .toList();

        int listed = MAPPER.writeValueAsBytes(new StackPage(stacks, "t".repeat(1024))).length;
        int staged = MAPPER.writeValueAsBytes(new StagedPage(1, stacks.stream().map(StackSummary::stackId).toList(),
                List.of(), extracts)).length;

        System.out.printf("worst 100-stack ListStacks page: %,d bytes; WriteRows page with 3 domains a stack: %,d bytes"
                + " (limit 262,144)%n", listed, staged);
        assertThat(listed).isLessThan(256 * 1024 * 3 / 4);
        assertThat(staged).isLessThan(256 * 1024 / 2);
    }

    @Test
    void payloadJson_isUtf8() throws Exception {
        byte[] bytes = MAPPER.writeValueAsBytes(new InvalidDomain("bücher.example", "x"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("bücher");
    }
}
