package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.steps.ParameterReader;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.rules.StackSummary;
import dev.domainsync.json.Json;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feeds each step's output into the next by hand, as the state machine does, over a two-page listing, and
 * checks the final table against the sync rules.
 */
class StepChainTest {

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant OLDER = Instant.parse("2025-06-01T00:00:00Z");

    private final TestDatabase db = TestDatabases.migrated();
    private final PostgresDomainRegistry registry =
            new PostgresDomainRegistry(db.database(), SyncSettings.defaults(), Duration.ofMinutes(30), Clock.systemUTC());
    private final FakeStackCatalog catalog = new FakeStackCatalog();

    @Test
    void twoPageBackfill_endsWithTheWinningClaimOfEachDomain() {
        page("", "p2",
                stack("a", "cust-a", "CREATE_COMPLETE", "Customer CloudFront distribution", OLD,
                        Map.of("CustomDomainName", "Shop.Example.com, www.shop.example.com", "GroupId", "g-a")),
                stack("b", "cust-b", "UPDATE_COMPLETE", "Customer CloudFront distribution", OLDER,
                        Map.of("CustomDomainName", "shop.example.com", "GroupId", "g-b")),
                stack("vpc", "network", "CREATE_COMPLETE", "VPC", OLD,
                        Map.of("CustomDomainName", "vpc.example.com", "GroupId", "g-vpc")));
        page("p2", null,
                stack("c", "cust-c", "CREATE_COMPLETE", "cloudfront", OLD,
                        Map.of("CustomDomainName", "bad_name.example, c.example.org", "GroupId", " g-c ")),
                stack("d", "cust-d", "CREATE_COMPLETE", "cloudfront", OLD, Map.of("CustomDomainName", "d.example.org")),
                stack("e", "cust-e", "DELETE_COMPLETE", "cloudfront", OLD,
                        Map.of("CustomDomainName", "e.example.org", "GroupId", "g-e")));

        JsonNode report = runWorkflowByHand();

        assertThat(report.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.get("mode").asText()).isEqualTo("BACKFILL");
        assertThat(report.get("stacksListed").asInt()).isEqualTo(6);
        assertThat(report.get("skippedByReason").get("MISSING_GROUP_PARAMETER").asInt()).isEqualTo(1);
        assertThat(report.get("invalidDomains").asInt()).isEqualTo(1);
        assertThat(report.get("conflicts").asInt()).isEqualTo(1);
        assertThat(db.mappings()).containsExactly(
                new Mapping("c.example.org", "g-c", "c", "cust-c"),
                new Mapping("shop.example.com", "g-b", "b", "cust-b"),
                new Mapping("www.shop.example.com", "g-a", "a", "cust-a"));
    }

    /** StartRun, then ListStacks -> FilterRecent -> ExtractParams (batches of 2) -> WriteRows per page, then PruneDeleted. */
    private JsonNode runWorkflowByHand() {
        ObjectNode start = Json.mapper().createObjectNode()
                .put("executionId", "arn:aws:states:us-east-1:123456789012:execution:SyncDomains:by-hand")
                .put("startTime", NOW.toString());
        start.putObject("input");
        JsonNode run = invoke(new StartRunHandler(registry), start.toString());

        String nextToken = null;
        do {
            ObjectNode listRequest = Json.mapper().createObjectNode();
            if (nextToken != null) {
                listRequest.put("nextToken", nextToken);
            }
            JsonNode page = invoke(new ListStacksHandler(catalog), listRequest.toString());
            nextToken = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;

            ObjectNode filterRequest = Json.mapper().createObjectNode().put("since", run.get("since").asText());
            filterRequest.set("stacks", page.get("stacks"));
            JsonNode filtered = invoke(new FilterRecentHandler(new StackFilter(SyncSettings.defaults())),
                    filterRequest.toString());

            ArrayNode extracts = Json.mapper().createArrayNode();
            ExtractParamsHandler extract = new ExtractParamsHandler(
                    new ParameterReader(catalog, new ClaimExtractor(SyncSettings.defaults())));
            JsonNode candidates = filtered.get("candidates");
            for (int i = 0; i < candidates.size(); i += 2) {
                ObjectNode batch = Json.mapper().createObjectNode();
                ArrayNode stacks = batch.putArray("stacks");
                for (int j = i; j < Math.min(i + 2, candidates.size()); j++) {
                    stacks.add(candidates.get(j));
                }
                extracts.addAll((ArrayNode) invoke(extract, batch.toString()).get("stacks"));
            }

            ObjectNode writeRequest = Json.mapper().createObjectNode().put("runId", run.get("runId").asLong());
            writeRequest.set("existingStackIds", filtered.get("existingStackIds"));
            writeRequest.set("deletedStackIds", filtered.get("deletedStackIds"));
            writeRequest.set("stacks", extracts);
            invoke(new WriteRowsHandler(registry), writeRequest.toString());
            // Step Functions may deliver the same input twice: staging again changes nothing.
            invoke(new WriteRowsHandler(registry), writeRequest.toString());
        } while (nextToken != null);

        return invoke(new PruneDeletedHandler(registry), "{\"runId\": " + run.get("runId").asLong() + "}");
    }

    private void page(String token, String nextToken, Stack... stacks) {
        catalog.pages.put(token, new StackPage(List.of(stacks).stream().map(Stack::summary).toList(), nextToken));
        for (Stack stack : stacks) {
            catalog.descriptions.put(stack.summary().stackId(), stack.description());
        }
    }

    private static Stack stack(String id, String name, String status, String description, Instant created,
            Map<String, String> parameters) {
        return new Stack(new StackSummary(id, name, status, description, created, null,
                status.equals("DELETE_COMPLETE") ? NOW : null, null, null),
                new StackDescription(id, name, status, created, null, parameters));
    }

    private record Stack(StackSummary summary, StackDescription description) {
    }
}
