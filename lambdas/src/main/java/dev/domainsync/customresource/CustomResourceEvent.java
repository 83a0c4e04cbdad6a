package dev.domainsync.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;

/**
 * A CloudFormation custom resource request as Lambda receives it. The properties stay raw JSON here and are
 * validated field by field by {@link DomainRegistrationProperties}, so that a malformed property is answered with a
 * FAILED response naming it; only an event without a ResponseURL, which cannot be answered at all, is rejected.
 */
public record CustomResourceEvent(
        @JsonProperty("RequestType") String requestType,
        @JsonProperty("ResponseURL") String responseUrl,
        @JsonProperty("StackId") String stackId,
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("ResourceType") String resourceType,
        @JsonProperty("LogicalResourceId") String logicalResourceId,
        @JsonProperty("PhysicalResourceId") String physicalResourceId,
        @JsonProperty("ResourceProperties") JsonNode resourceProperties,
        @JsonProperty("OldResourceProperties") JsonNode oldResourceProperties) {

    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String DELETE = "Delete";

    public CustomResourceEvent {
        InvalidInputException.require(responseUrl, "ResponseURL");
    }

    /** Never prints the ResponseURL, whose query string is a signature that lets anyone answer for the stack. */
    @Override
    public String toString() {
        return "CustomResourceEvent[requestType=" + requestType + ", stackId=" + stackId + ", requestId=" + requestId
                + ", resourceType=" + resourceType + ", logicalResourceId=" + logicalResourceId
                + ", physicalResourceId=" + physicalResourceId + "]";
    }
}
