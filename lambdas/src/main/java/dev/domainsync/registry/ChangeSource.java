package dev.domainsync.registry;

import java.util.Objects;

/**
 * Who changes claims outside a run of the workflow: the source named in the change log, and the request id that
 * makes a repeated request change nothing more (a custom resource's RequestId, a sync-stack execution's id).
 */
public record ChangeSource(String name, String requestId) {

    public static final String CUSTOM_RESOURCE = "custom-resource";
    public static final String EVENT = "event";

    public ChangeSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestId, "requestId");
        if (!name.equals(CUSTOM_RESOURCE) && !name.equals(EVENT)) {
            throw new IllegalArgumentException("unknown change source: " + name);
        }
    }

    /** A request of the {@code Custom::DomainRegistration} resource, by its CloudFormation RequestId. */
    public static ChangeSource customResource(String requestId) {
        return new ChangeSource(CUSTOM_RESOURCE, requestId);
    }

    /** A sync-stack execution, by its execution id, that applied one CloudFormation stack status change. */
    public static ChangeSource event(String executionId) {
        return new ChangeSource(EVENT, executionId);
    }
}
