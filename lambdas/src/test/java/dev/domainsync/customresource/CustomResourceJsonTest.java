package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.domainsync.customresource.CustomResourceResponse.Data;
import dev.domainsync.customresource.CustomResourceResponse.Status;
import dev.domainsync.json.Json;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The custom resource's wire format: CloudFormation's event in, its response shape out, through the shared mapper. */
class CustomResourceJsonTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    /** An Update event as CloudFormation sends it (the shape of the CloudFormation User Guide's example). */
    private static final String UPDATE_EVENT = """
            {
              "RequestType": "Update",
              "ServiceToken": "arn:aws:lambda:eu-west-1:123456789012:function:domain-sync-DomainRegistration:live",
              "ResponseURL": "https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/shop/5f3c|DomainRegistration|7bfe?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123",
              "StackId": "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/5f3c0a10-0000-11f0-0000-000000000000",
              "RequestId": "7bfe2d24-5a6f-4b2c-9d1e-000000000001",
              "LogicalResourceId": "DomainRegistration",
              "PhysicalResourceId": "domain-sync:shop.example.com",
              "ResourceType": "Custom::DomainRegistration",
              "ResourceProperties": {
                "ServiceToken": "arn:aws:lambda:eu-west-1:123456789012:function:domain-sync-DomainRegistration:live",
                "DomainName": "shop.example.org",
                "GroupId": "g-1"
              },
              "OldResourceProperties": {
                "ServiceToken": "arn:aws:lambda:eu-west-1:123456789012:function:domain-sync-DomainRegistration:live",
                "DomainName": "shop.example.com",
                "GroupId": "g-1"
              }
            }""";

    @Test
    void cloudFormationUpdateEvent_isReadIntoTheRecord() throws Exception {
        CustomResourceEvent event = MAPPER.readValue(UPDATE_EVENT, CustomResourceEvent.class);

        assertThat(event.requestType()).isEqualTo(CustomResourceEvent.UPDATE);
        assertThat(event.requestId()).isEqualTo("7bfe2d24-5a6f-4b2c-9d1e-000000000001");
        assertThat(event.physicalResourceId()).isEqualTo("domain-sync:shop.example.com");
        assertThat(DomainRegistrationProperties.parse(event.resourceProperties()).asParameters())
                .containsEntry("DomainName", "shop.example.org").containsEntry("GroupId", "g-1");
        assertThat(DomainRegistrationProperties.parse(event.oldResourceProperties()).domainName())
                .contains("shop.example.com");
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(event), CustomResourceEvent.class)).isEqualTo(event);
    }

    @Test
    void eventToString_leavesOutTheSignedResponseUrl() throws Exception {
        CustomResourceEvent event = MAPPER.readValue(UPDATE_EVENT, CustomResourceEvent.class);

        assertThat(event.toString()).doesNotContain("Signature").doesNotContain("ResponseURL")
                .contains("7bfe2d24-5a6f-4b2c-9d1e-000000000001");
    }

    @Test
    void eventWithoutResponseUrl_cannotBeAnsweredAndIsRejected() {
        assertThatThrownBy(() -> new CustomResourceEvent("Create", null, "s", "r", "t", "l", null, null, null))
                .hasMessageContaining("ResponseURL");
    }

    @Test
    void response_hasCloudFormationsFieldNamesAndRoundTrips() throws Exception {
        CustomResourceResponse response = new CustomResourceResponse(Status.SUCCESS, null,
                "domain-sync:shop.example.com", "stack", "request", "DomainRegistration", false,
                new Data("shop.example.com"));

        String json = MAPPER.writeValueAsString(response);

        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.readTree("""
                {"Status": "SUCCESS", "PhysicalResourceId": "domain-sync:shop.example.com", "StackId": "stack",
                 "RequestId": "request", "LogicalResourceId": "DomainRegistration", "NoEcho": false,
                 "Data": {"Domains": "shop.example.com"}}"""));
        assertThat(MAPPER.readValue(json, CustomResourceResponse.class)).isEqualTo(response);
    }

    @Test
    void failedResponse_needsAReason() {
        assertThatThrownBy(() -> new CustomResourceResponse(Status.FAILED, " ", "id", "s", "r", "l", false,
                new Data(""))).hasMessageContaining("reason");
    }

    @Test
    void physicalResourceId_is128RandomBitsNamingNothing() {
        List<String> ids = IntStream.range(0, 1000).mapToObj(i -> PhysicalResourceIds.random()).toList();

        assertThat(ids).allMatch(id -> id.matches("domain-sync:[0-9a-f]{32}")).doesNotHaveDuplicates();
    }
}
