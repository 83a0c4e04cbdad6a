package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.registry.PostgresStackEventRegistry;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import org.junit.jupiter.api.Test;

/** ApplyStack through Lambda's stream entry point, on a real PostgreSQL. */
class ApplyStackHandlerTest {

    private static final String STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/0b5e8f3a";

    private final TestDatabase db = TestDatabases.migrated();
    private final ApplyStackHandler handler = new ApplyStackHandler(new PostgresStackEventRegistry(db.database()));

    @Test
    void readingWithClaims_reachesTheTableAndTheOutputListsTheChanges() {
        JsonNode out = invoke(handler, """
                {"executionId": "arn:aws:states:us-east-1:123456789012:execution:SyncStack:e1",
                 "reading": {"stackId": "%1$s", "stackName": "shop", "stackStatus": "CREATE_COMPLETE",
                             "verdict": "CLAIMS", "versionTime": "2026-01-01T00:00:00Z",
                             "extract": {"stackId": "%1$s", "stackName": "shop", "creationTime": "2026-01-01T00:00:00Z",
                                         "groupId": "g-1", "domains": ["shop.example.com"]}}}""".formatted(STACK));

        assertThat(out.get("outcome").asText()).isEqualTo("REPLACED");
        assertThat(out.get("changes").get(0).get("action").asText()).isEqualTo("INSERT");
        assertThat(db.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", STACK, "shop"));
    }

    @Test
    void claimsVerdictWithoutItsExtract_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, """
                {"executionId": "e1", "reading": {"stackId": "%s", "verdict": "CLAIMS",
                 "versionTime": "2026-01-01T00:00:00Z"}}""".formatted(STACK)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'extract'");
        assertThat(db.mappings()).isEmpty();
    }
}
