package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import org.junit.jupiter.api.Test;

class PruneDeletedHandlerTest {

    private final FakeDomainRegistry registry = new FakeDomainRegistry();
    private final PruneDeletedHandler handler = new PruneDeletedHandler(registry);

    @Test
    void run_isAppliedAndReported() {
        JsonNode out = invoke(handler, "{\"runId\": 7}");

        assertThat(registry.applied).containsExactly(7L);
        assertThat(out.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void runIdAsText_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"runId\": \"seven\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("runId");
        assertThat(registry.applied).isEmpty();
    }

    @Test
    void missingRunId_fails() {
        assertThatThrownBy(() -> invoke(handler, "{}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("runId");
    }
}
