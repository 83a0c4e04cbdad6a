package dev.domainsync.registry;

import java.util.Objects;

/**
 * Who changes claims outside a run of the workflow: the source named in the change log, and the request id that
 * makes a repeated request change nothing more.
 */
public record ChangeSource(String name, String requestId) {

    public static final String CUSTOM_RESOURCE = "custom-resource";

    public ChangeSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestId, "requestId");
        if (!name.equals(CUSTOM_RESOURCE)) {
            throw new IllegalArgumentException("unknown change source: " + name);
        }
    }

    /** A request of the {@code Custom::DomainRegistration} resource, by its CloudFormation RequestId. */
    public static ChangeSource customResource(String requestId) {
        return new ChangeSource(CUSTOM_RESOURCE, requestId);
    }
}
