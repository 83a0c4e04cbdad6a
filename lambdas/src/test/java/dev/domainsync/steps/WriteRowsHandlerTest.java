package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.SkipReason;
import org.junit.jupiter.api.Test;

class WriteRowsHandlerTest {

    private final FakeDomainRegistry registry = new FakeDomainRegistry();
    private final WriteRowsHandler handler = new WriteRowsHandler(registry);

    @Test
    void page_isStagedForTheRun() {
        JsonNode out = invoke(handler, """
                {"runId": 7, "existingStackIds": ["a", "b"], "deletedStackIds": ["z"], "stacks": [
                  {"stackId": "a", "stackName": "a", "creationTime": "2026-01-01T00:00:00Z", "groupId": "g",
                   "domains": ["a.example.com"]},
                  {"stackId": "b", "stackName": "b", "creationTime": "2026-01-01T00:00:00Z",
                   "skipReason": "BLANK_GROUP_PARAMETER"}
                ]}""");

        assertThat(out.get("runId").asLong()).isEqualTo(7);
        assertThat(registry.staged).hasSize(1);
        assertThat(registry.staged.get(0).stacks().get(1).skipReason()).isEqualTo(SkipReason.BLANK_GROUP_PARAMETER);
        assertThat(registry.staged.get(0).deletedStackIds()).containsExactly("z");
    }

    @Test
    void unknownSkipReason_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, """
                {"runId": 7, "stacks": [{"stackId": "b", "skipReason": "BECAUSE"}]}"""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stacks[0].skipReason");
    }

    @Test
    void missingRunId_fails() {
        assertThatThrownBy(() -> invoke(handler, "{\"stacks\": []}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("runId");
    }
}
