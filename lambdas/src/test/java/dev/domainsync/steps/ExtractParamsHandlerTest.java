package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.steps.ParameterReader;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.SyncSettings;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractParamsHandlerTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeStackCatalog catalog = new FakeStackCatalog();
    private final ExtractParamsHandler handler = new ExtractParamsHandler(
            new ParameterReader(catalog, new ClaimExtractor(SyncSettings.defaults())));

    @Test
    void batch_turnsParametersIntoClaimsAndSkips_inOrder() {
        catalog.descriptions.put("a", live("a", Map.of("CustomDomainName", " Shop.Example.COM., ,*.b.example.net,bad_name.example",
                "GroupId", " g-1 ")));
        catalog.descriptions.put("b", live("b", Map.of("GroupId", "g-2")));
        catalog.descriptions.put("d", new StackDescription("d", "d", "UPDATE_IN_PROGRESS", CREATED, null,
                Map.of("CustomDomainName", "d.example.com", "GroupId", "g")));

        JsonNode out = invoke(handler, """
                {"stacks": [
                  {"stackId": "a", "stackName": "a", "creationTime": "2026-01-01T00:00:00Z"},
                  {"stackId": "b", "stackName": "b", "creationTime": "2026-01-01T00:00:00Z"},
                  {"stackId": "c", "stackName": "c", "creationTime": "2026-01-01T00:00:00Z"},
                  {"stackId": "d", "stackName": "d", "creationTime": "2026-01-01T00:00:00Z"}
                ]}""");

        JsonNode stacks = out.get("stacks");
        assertThat(stacks).hasSize(4);
        assertThat(stacks.get(0).get("groupId").asText()).isEqualTo("g-1");
        assertThat(stacks.get(0).get("domains")).extracting(JsonNode::asText)
                .containsExactly("shop.example.com", "*.b.example.net");
        assertThat(stacks.get(0).get("invalidDomains").get(0).get("value").asText()).isEqualTo("bad_name.example");
        assertThat(stacks.get(1).get("skipReason").asText()).isEqualTo("MISSING_DOMAIN_PARAMETER");
        assertThat(stacks.get(2).get("skipReason").asText()).isEqualTo("STACK_NOT_FOUND");
        assertThat(stacks.get(3).get("skipReason").asText()).isEqualTo("STACK_NOT_LIVE");
        assertThat(catalog.described).containsExactly("a", "b", "c", "d");
    }

    @Test
    void groupWithAControlCharacter_isSkippedWithItsReason() {
        catalog.descriptions.put("a", live("a", Map.of("CustomDomainName", "a.example.com", "GroupId", "g\u0007-1")));

        JsonNode out = invoke(handler, """
                {"stacks": [{"stackId": "a", "stackName": "a", "creationTime": "2026-01-01T00:00:00Z"}]}""");

        assertThat(out.get("stacks").get(0).get("skipReason").asText()).isEqualTo("GROUP_HAS_INVALID_CHARACTERS");
        assertThat(out.get("stacks").get(0).has("groupId")).isFalse();
    }

    @Test
    void candidateWithoutStackId_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"stacks\": [{\"stackName\": \"x\", \"creationTime\": \"2026-01-01T00:00:00Z\"}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stacks[0].stackId");
    }

    private static StackDescription live(String id, Map<String, String> parameters) {
        return new StackDescription(id, id, "UPDATE_COMPLETE", CREATED, null, parameters);
    }
}
