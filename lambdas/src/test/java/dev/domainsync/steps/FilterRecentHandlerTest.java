package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import org.junit.jupiter.api.Test;

class FilterRecentHandlerTest {

    private final FilterRecentHandler handler = new FilterRecentHandler(new StackFilter(SyncSettings.defaults()));

    @Test
    void page_keepsChangedLiveDistributions_andSortsTheRestIntoExistingAndDeleted() {
        JsonNode out = invoke(handler, """
                {"since": "2026-11-01T00:00:00Z", "stacks": [
                  {"stackId": "new", "stackName": "a", "stackStatus": "CREATE_COMPLETE",
                   "templateDescription": "CloudFront for a", "creationTime": "2026-11-02T00:00:00Z"},
                  {"stackId": "old", "stackName": "b", "stackStatus": "UPDATE_COMPLETE",
                   "templateDescription": "CloudFront for b", "creationTime": "2026-01-01T00:00:00Z",
                   "lastUpdatedTime": "2026-02-01T00:00:00Z"},
                  {"stackId": "vpc", "stackName": "c", "stackStatus": "CREATE_COMPLETE",
                   "templateDescription": "Network", "creationTime": "2026-11-02T00:00:00Z"},
                  {"stackId": "busy", "stackName": "d", "stackStatus": "UPDATE_IN_PROGRESS",
                   "templateDescription": "cloudfront", "creationTime": "2026-11-02T00:00:00Z"},
                  {"stackId": "gone", "stackName": "e", "stackStatus": "DELETE_COMPLETE",
                   "templateDescription": "cloudfront", "creationTime": "2026-11-02T00:00:00Z",
                   "deletionTime": "2026-11-03T00:00:00Z"}
                ]}""");

        assertThat(out.get("candidates")).extracting(node -> node.get("stackId").asText()).containsExactly("new");
        assertThat(out.get("existingStackIds")).extracting(JsonNode::asText)
                .containsExactly("new", "old", "vpc", "busy");
        assertThat(out.get("deletedStackIds")).extracting(JsonNode::asText).containsExactly("gone");
    }

    @Test
    void missingSince_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, "{\"stacks\": []}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("since");
    }
}
