package dev.domainsync.cloudformation;

import java.util.Optional;

/** Read access to one resource of a stack, as CloudFormation records it: what the custom resource verifies. */
public interface StackResourceCatalog {

    /**
     * The resource {@code logicalResourceId} of the stack {@code stackId} (DescribeStackResource), or empty when
     * CloudFormation knows no such stack or no such resource in it.
     */
    Optional<StackResourceDescription> describeStackResource(String stackId, String logicalResourceId);
}
