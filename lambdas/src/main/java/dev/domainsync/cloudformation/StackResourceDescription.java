package dev.domainsync.cloudformation;

/**
 * What DescribeStackResource says of one resource: its type, its status (CREATE_IN_PROGRESS while CloudFormation
 * waits on a custom resource's Create) and its physical id, which is absent before a Create has been answered.
 */
public record StackResourceDescription(
        String stackId,
        String logicalResourceId,
        String physicalResourceId,
        String resourceType,
        String resourceStatus) {
}
