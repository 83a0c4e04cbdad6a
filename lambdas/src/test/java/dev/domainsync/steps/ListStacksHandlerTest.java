package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.rules.StackSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListStacksHandlerTest {

    private final FakeStackCatalog catalog = new FakeStackCatalog();
    private final ListStacksHandler handler = new ListStacksHandler(catalog);

    @Test
    void firstPage_withoutToken_returnsSummariesAndNextToken() {
        catalog.pages.put("", new StackPage(List.of(new StackSummary("id-1", "cust-a", "CREATE_COMPLETE",
                "Customer CloudFront distribution", Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null)),
                "t2"));

        JsonNode out = invoke(handler, "{}");

        assertThat(out.get("nextToken").asText()).isEqualTo("t2");
        assertThat(out.get("stacks")).hasSize(1);
        assertThat(out.get("stacks").get(0).get("templateDescription").asText())
                .isEqualTo("Customer CloudFront distribution");
        assertThat(out.get("stacks").get(0).has("lastUpdatedTime")).as("nulls are omitted").isFalse();
    }

    @Test
    void lastPage_hasNoNextToken() {
        catalog.pages.put("t2", new StackPage(List.of(), null));

        JsonNode out = invoke(handler, "{\"nextToken\": \"t2\"}");

        assertThat(out.has("nextToken")).isFalse();
        assertThat(out.get("stacks")).isEmpty();
    }
}
