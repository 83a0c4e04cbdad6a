package dev.domainsync.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The answer CloudFormation expects at the request's ResponseURL: SUCCESS or FAILED (with a reason), the resource's
 * physical id, the request's routing ids echoed back, and the attributes that {@code Fn::GetAtt} can read.
 */
public record CustomResourceResponse(
        @JsonProperty("Status") Status status,
        @JsonProperty("Reason") String reason,
        @JsonProperty("PhysicalResourceId") String physicalResourceId,
        @JsonProperty("StackId") String stackId,
        @JsonProperty("RequestId") String requestId,
        @JsonProperty("LogicalResourceId") String logicalResourceId,
        @JsonProperty("NoEcho") boolean noEcho,
        @JsonProperty("Data") Data data) {

    /** CloudFormation's two outcomes of a custom resource request. */
    public enum Status {
        SUCCESS,
        FAILED
    }

    /** The resource's attributes: {@code Fn::GetAtt DomainRegistration.Domains} is the registered domain list. */
    public record Data(@JsonProperty("Domains") String domains) {
    }

    public CustomResourceResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(physicalResourceId, "physicalResourceId");
        Objects.requireNonNull(data, "data");
        if (status == Status.FAILED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a FAILED response needs a reason");
        }
    }
}
