package dev.domainsync.customresource;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.cloudformation.StackResourceCatalog;
import dev.domainsync.cloudformation.StackResourceDescription;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CloudFormation as the custom resource asks it, in memory: stacks with their status, CreationTime and parameters,
 * and their resources with type, status and physical id. Tests put a resource in the state CloudFormation would
 * have it in while it sends a request, or leave it in a settled state to play a forged request.
 */
final class FakeCloudFormation implements StackCatalog, StackResourceCatalog {

    private final Map<String, StackDescription> stacks = new HashMap<>();
    private final Map<String, StackResourceDescription> resources = new HashMap<>();
    private Runnable beforeEachCall = () -> { };

    void stack(String stackId, String stackName, String status, Instant createdAt, String domainName,
            String groupId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (domainName != null) {
            parameters.put("CustomDomainName", domainName);
        }
        if (groupId != null) {
            parameters.put("GroupId", groupId);
        }
        stacks.put(stackId, new StackDescription(stackId, stackName, status, createdAt, null, parameters));
    }

    Optional<StackDescription> stack(String stackId) {
        return Optional.ofNullable(stacks.get(stackId));
    }

    void stackStatus(String stackId, String status) {
        StackDescription stack = stacks.get(stackId);
        stacks.put(stackId, new StackDescription(stackId, stack.stackName(), status, stack.creationTime(),
                stack.lastUpdatedTime(), stack.parameters()));
    }

    void resource(String stackId, String logicalId, String type, String status, String physicalId) {
        resources.put(stackId + "|" + logicalId,
                new StackResourceDescription(stackId, logicalId, physicalId, type, status));
    }

    Optional<StackResourceDescription> resource(String stackId, String logicalId) {
        return Optional.ofNullable(resources.get(stackId + "|" + logicalId));
    }

    /** Runs {@code action} at the start of every call, to make CloudFormation slow, or fail. */
    void beforeEachCall(Runnable action) {
        this.beforeEachCall = action;
    }

    @Override
    public StackPage listStacks(String nextToken) {
        throw new UnsupportedOperationException("the custom resource never lists stacks");
    }

    @Override
    public Optional<StackDescription> describeStack(String stackId) {
        beforeEachCall.run();
        return stack(stackId);
    }

    @Override
    public Optional<StackResourceDescription> describeStackResource(String stackId, String logicalResourceId) {
        beforeEachCall.run();
        return resource(stackId, logicalResourceId);
    }
}
