package dev.domainsync.statemachine.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stack of a snapshot, holding the DescribeStacks fields that the snapshot endpoint serves back.
 *
 * <p>Optional fields are empty exactly when the snapshot left them out, so that the endpoint leaves them out
 * too. An empty list is left out of the answer, as for a list the snapshot did not give.
 */
public record SnapshotStack(
        String stackId,
        String stackName,
        Optional<String> description,
        List<Parameter> parameters,
        Instant creationTime,
        Optional<Instant> lastUpdatedTime,
        Optional<Instant> deletionTime,
        String stackStatus,
        Optional<String> stackStatusReason,
        Optional<String> parentId,
        Optional<String> rootId,
        Optional<DriftInformation> driftInformation,
        List<Output> outputs,
        List<Tag> tags,
        List<String> capabilities,
        Optional<Boolean> disableRollback,
        Optional<Boolean> enableTerminationProtection,
        Optional<String> roleArn,
        List<Resource> resources) {

    public static final String DELETE_COMPLETE = "DELETE_COMPLETE";

    public SnapshotStack {
        parameters = List.copyOf(parameters);
        outputs = List.copyOf(outputs);
        tags = List.copyOf(tags);
        capabilities = List.copyOf(capabilities);
        resources = List.copyOf(resources);
    }

    /** Whether CloudFormation has finished deleting the stack; only its id still finds it then. */
    public boolean deleted() {
        return DELETE_COMPLETE.equals(stackStatus);
    }

    /** One template parameter as DescribeStacks shows it. */
    public record Parameter(String key, String value, Optional<String> resolvedValue) {
    }

    /** One stack output as DescribeStacks shows it. */
    public record Output(String key, Optional<String> value, Optional<String> description,
            Optional<String> exportName) {
    }

    /**
     * One of the stack's resources, as {@code aws cloudformation describe-stack-resources} prints it; a snapshot
     * gives them (under {@code StackResources}) only for DescribeStackResource, which the custom resource calls.
     */
    public record Resource(String logicalResourceId, Optional<String> physicalResourceId, String resourceType,
            String resourceStatus) {
    }

    /** One stack tag. */
    public record Tag(String key, String value) {
    }

    /** The drift status of a stack and when it was last checked. */
    public record DriftInformation(String stackDriftStatus, Optional<Instant> lastCheckTimestamp) {
    }
}
