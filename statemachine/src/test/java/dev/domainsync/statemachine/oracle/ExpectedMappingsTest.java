package dev.domainsync.statemachine.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.oracle.ExpectedMappings.Claim;
import dev.domainsync.statemachine.oracle.ExpectedMappings.Row;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedMappingsTest {

    private static final String ARN = "arn:aws:cloudformation:us-east-1:123456789012:stack/";

    @Test
    void backfill_readsTheCliOutputAsPrinted() throws Exception {
        JsonNode snapshot = Json.mapper().readTree("""
                {
                    "Stacks": [
                        {
                            "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/cust-acme-prod-cdn/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
                            "StackName": "cust-acme-prod-cdn",
                            "Description": "Customer CloudFront distribution",
                            "Parameters": [
                                {"ParameterKey": "PriceClass", "ParameterValue": "PriceClass_100"},
                                {"ParameterKey": "GroupId", "ParameterValue": "g-acme"},
                                {"ParameterKey": "CustomDomainName", "ParameterValue": "www.acme.example.com"}
                            ],
                            "CreationTime": "2026-01-01T10:00:00.123000+00:00",
                            "LastUpdatedTime": "2026-02-01T10:00:00.000Z",
                            "StackStatus": "UPDATE_COMPLETE",
                            "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"}
                        }
                    ]
                }
                """);

        String stackId = ARN + "cust-acme-prod-cdn/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
        assertThat(ExpectedMappings.backfill(snapshot)).containsExactly(Map.entry("www.acme.example.com",
                new Row("www.acme.example.com", "g-acme", stackId, "cust-acme-prod-cdn")));
    }

    @Test
    void backfill_givesEachDomainToTheEarliestCreatedClaimant() {
        JsonNode snapshot = snapshot(
                distribution("middle", "2025-06-01T00:00:00.000Z", "shared.example.com, middle.example.net", "g-m"),
                distribution("earliest", "2025-01-01T00:00:00.000Z", "shared.example.com", "g-e"),
                distribution("latest", "2025-09-01T00:00:00.000Z", "shared.example.com", "g-l"));

        Map<String, Row> table = ExpectedMappings.backfill(snapshot);

        assertThat(table.get("shared.example.com"))
                .isEqualTo(new Row("shared.example.com", "g-e", id("earliest"), "earliest"));
        assertThat(table.get("middle.example.net").stackName()).isEqualTo("middle");
        assertThat(table).hasSize(2);
        assertThat(ExpectedMappings.claims(snapshot)).hasSize(4);
    }

    @Test
    void backfill_breaksCreationTimeTiesByTheSmallerStackId() {
        String sameTime = "2025-03-03T03:03:03.000Z";
        JsonNode snapshot = snapshot(
                distribution("cust-b", sameTime, "tied.example.org", "g-b"),
                distribution("cust-a", sameTime, "tied.example.org", "g-a"));

        assertThat(ExpectedMappings.backfill(snapshot).get("tied.example.org").stackId()).isEqualTo(id("cust-a"));
    }

    @Test
    void backfill_normalisesEachItemAndClaimsDuplicatesOnce() {
        JsonNode snapshot = snapshot(distribution("messy", "2025-01-01T00:00:00.000Z",
                " WWW.Example.COM. , ,bücher.example.org,,Straße.example.net, www.example.com,*.Shop.example.test",
                "  g-messy "));

        Map<String, Row> table = ExpectedMappings.backfill(snapshot);

        assertThat(table.keySet()).containsExactly("*.shop.example.test", "strasse.example.net", "www.example.com",
                "xn--bcher-kva.example.org");
        assertThat(table.values()).extracting(Row::groupId).containsOnly("g-messy");
        assertThat(ExpectedMappings.claims(snapshot)).hasSize(4);
    }

    @Test
    void backfill_treatsNamesEqualAfterIdnaConversionAsOneDomain() {
        JsonNode snapshot = snapshot(
                distribution("later", "2025-05-01T00:00:00.000Z", "strasse.example.net", "g-later"),
                distribution("earlier", "2025-04-01T00:00:00.000Z", "STRASSE.example.net", "g-earlier"),
                distribution("latest", "2025-06-01T00:00:00.000Z", "straße.example.net.", "g-latest"));

        assertThat(ExpectedMappings.backfill(snapshot)).containsOnlyKeys("strasse.example.net");
        assertThat(ExpectedMappings.backfill(snapshot).get("strasse.example.net").groupId()).isEqualTo("g-earlier");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "my_shop.example.com", "http://www.example.com", "https://www.example.com/", "intranet", "localhost.",
        "10.0.0.1", "shop.example.123", "shop.*.example.com", "**.example.com", "*", "-promo.example.org",
        "promo-.example.org", "a..example.com", "example.net..", ".example.com", "www.exa mple.com",
        "sixty-four-characters-is-one-more-than-a-dns-label-may-have-xxxx.example.com"})
    void validDomain_rejectsWhatTheRulesReject(String item) {
        assertThat(ExpectedMappings.validDomain(item)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a.b", "*.shop.example.com", "xn--bcher-kva.example.org", "1shop.example.com", "shop.example.c0m",
        "sixty-three-characters-is-exactly-what-a-dns-label-may-have-xxx.example.com", "  www.example.com.  "})
    void validDomain_acceptsTheEdgesOfTheRules(String item) {
        assertThat(ExpectedMappings.validDomain(item)).isPresent();
    }

    @Test
    void validDomain_limitsTheWholeNameTo253Characters() {
        String fits = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(fits).hasSize(253);

        assertThat(ExpectedMappings.validDomain(fits)).contains(fits);
        assertThat(ExpectedMappings.validDomain("e" + fits)).isEmpty();
    }

    @Test
    void backfill_skipsStacksWithAMissingOrBlankParameterOrAnOverlongGroup() {
        String created = "2025-01-01T00:00:00.000Z";
        JsonNode snapshot = snapshot(
                withoutParameter(distribution("no-domain", created, "x", "g-1"), "CustomDomainName"),
                distribution("blank-domain", created, "  ", "g-1"),
                distribution("empty-items", created, ", ,", "g-1"),
                withoutParameter(distribution("no-group", created, "no-group.example.com", "x"), "GroupId"),
                distribution("blank-group", created, "blank-group.example.com", " "),
                distribution("long-group", created, "long-group.example.com", "g".repeat(256)),
                distribution("widest-group", created, "widest-group.example.com", " " + "g".repeat(255) + " "));

        assertThat(ExpectedMappings.backfill(snapshot)).containsOnlyKeys("widest-group.example.com");
    }

    @Test
    void backfill_letsNeitherSkippedNorAllInvalidStacksBlockALaterClaimant() {
        JsonNode snapshot = snapshot(
                distribution("skipped", "2025-01-01T00:00:00.000Z", "contested.example.com", ""),
                distribution("all-invalid", "2025-01-02T00:00:00.000Z", "contested_example.com, intranet", "g-1"),
                distribution("claimant", "2025-06-01T00:00:00.000Z", "contested.example.com", "g-2"));

        assertThat(ExpectedMappings.backfill(snapshot)).containsOnlyKeys("contested.example.com");
        assertThat(ExpectedMappings.backfill(snapshot).get("contested.example.com").stackName()).isEqualTo("claimant");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE"})
    void backfill_countsEveryLiveStatus(String status) {
        JsonNode snapshot = snapshot(withStatus(
                distribution("live", "2025-01-01T00:00:00.000Z", "live.example.com", "g-1"), status));

        assertThat(ExpectedMappings.backfill(snapshot)).containsOnlyKeys("live.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_IN_PROGRESS", "CREATE_FAILED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE",
        "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED", "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE",
        "IMPORT_IN_PROGRESS", "REVIEW_IN_PROGRESS"})
    void backfill_ignoresAnEarlierStackThatIsNotLive(String status) {
        JsonNode snapshot = snapshot(
                withStatus(distribution("not-live", "2025-01-01T00:00:00.000Z", "a.example.com, b.example.com",
                        "g-old"), status),
                distribution("live", "2025-06-01T00:00:00.000Z", "a.example.com", "g-new"));

        assertThat(ExpectedMappings.backfill(snapshot))
                .containsExactly(Map.entry("a.example.com", new Row("a.example.com", "g-new", id("live"), "live")));
    }

    @Test
    void backfill_readsOnlyStacksWhoseDescriptionMatches() {
        String created = "2025-01-01T00:00:00.000Z";
        JsonNode snapshot = snapshot(
                withDescription(distribution("api", created, "api.example.com", "g-1"),
                        "API Gateway custom domain for the partner API"),
                withoutDescription(distribution("undescribed", created, "undescribed.example.com", "g-1")),
                withDescription(distribution("shouting", created, "shouting.example.com", "g-1"),
                        "Static site behind AMAZON CLOUDFRONT (v3)"));

        assertThat(ExpectedMappings.backfill(snapshot)).containsOnlyKeys("shouting.example.com");
    }

    @Test
    void backfill_honoursOtherParameterKeysAndDescriptionPatterns() {
        ObjectNode stack = withDescription(distribution("edge", "2025-01-01T00:00:00.000Z", "ignored.example.com",
                "g-1"), "Edge site");
        ((ArrayNode) stack.get("Parameters")).addObject().put("ParameterKey", "SiteDomain")
                .put("ParameterValue", "edge.example.com");
        ((ArrayNode) stack.get("Parameters")).addObject().put("ParameterKey", "TenantId")
                .put("ParameterValue", "t-9");

        Map<String, Row> table = ExpectedMappings.backfill(snapshot(stack), Pattern.compile("^Edge"), "SiteDomain",
                "TenantId");

        assertThat(table).containsExactly(Map.entry("edge.example.com",
                new Row("edge.example.com", "t-9", id("edge"), "edge")));
        assertThat(ExpectedMappings.backfill(snapshot(stack))).isEmpty();
    }

    @Test
    void backfill_ofTheFirstSampleResolvesItsConflictsToTheEarliestClaimant() {
        JsonNode first = SampleSnapshots.first(SampleSnapshots.DEMO_NOW);
        List<Claim> claims = ExpectedMappings.claims(first);
        Map<String, Row> table = ExpectedMappings.backfill(first);
        Map<String, List<Claim>> contested = claims.stream()
                .collect(Collectors.groupingBy(Claim::domainName)).entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

        assertThat(table).hasSizeGreaterThan(200);
        assertThat(contested).hasSizeGreaterThanOrEqualTo(3);
        assertThat(table).hasSize(claims.size() - contested.values().stream().mapToInt(c -> c.size() - 1).sum());
        contested.forEach((domain, rivals) -> {
            Claim earliest = rivals.stream().min(Comparator.comparing(Claim::creationTime)
                    .thenComparing(Claim::stackId)).orElseThrow();
            assertThat(table.get(domain).stackId()).as(domain).isEqualTo(earliest.stackId());
        });
    }

    private static JsonNode snapshot(JsonNode... stacks) {
        ObjectNode snapshot = Json.mapper().createObjectNode();
        ArrayNode array = snapshot.putArray("Stacks");
        for (JsonNode stack : stacks) {
            array.add(stack);
        }
        return snapshot;
    }

    /** A live customer distribution stack with the default parameter keys. */
    private static ObjectNode distribution(String name, String created, String domains, String group) {
        ObjectNode stack = Json.mapper().createObjectNode()
                .put("StackId", id(name))
                .put("StackName", name)
                .put("Description", "Customer CloudFront distribution");
        ArrayNode parameters = stack.putArray("Parameters");
        parameters.addObject().put("ParameterKey", "CustomDomainName").put("ParameterValue", domains);
        parameters.addObject().put("ParameterKey", "GroupId").put("ParameterValue", group);
        return stack.put("CreationTime", created).put("StackStatus", "CREATE_COMPLETE");
    }

    private static String id(String name) {
        return ARN + name + "/5f1e7c2a-9b3d-4e8f-a1c0-d2e3f4a5b6c7";
    }

    private static ObjectNode withStatus(ObjectNode stack, String status) {
        return stack.put("StackStatus", status);
    }

    private static ObjectNode withDescription(ObjectNode stack, String description) {
        return stack.put("Description", description);
    }

    private static ObjectNode withoutDescription(ObjectNode stack) {
        stack.remove("Description");
        return stack;
    }

    private static ObjectNode withoutParameter(ObjectNode stack, String key) {
        ArrayNode parameters = (ArrayNode) stack.get("Parameters");
        for (int i = parameters.size() - 1; i >= 0; i--) {
            if (parameters.get(i).path("ParameterKey").asText().equals(key)) {
                parameters.remove(i);
            }
        }
        return stack;
    }
}
