package dev.domainsync.customresource;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.cloudformation.StackResourceCatalog;
import dev.domainsync.cloudformation.StackResourceDescription;
import dev.domainsync.json.InvalidInputException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Asks CloudFormation whether a custom resource request is one it is making now, before anything is changed:
 * the event's stack must hold its LogicalResourceId as a {@code Custom::DomainRegistration} in the in-progress
 * state of the request type, under the event's PhysicalResourceId once it has one. Anyone allowed to invoke the
 * function can write an event; only CloudFormation can put a resource in those states.
 */
final class RequestVerifier {

    static final String RESOURCE_TYPE = "Custom::DomainRegistration";

    /**
     * The resource states in which CloudFormation sends each request type. A resource that an update rollback
     * reverts may show UPDATE_ROLLBACK_IN_PROGRESS, and one that a create rollback deletes ROLLBACK_IN_PROGRESS.
     */
    private static final Map<String, Set<String>> IN_PROGRESS = Map.of(
            CustomResourceEvent.CREATE, Set.of("CREATE_IN_PROGRESS"),
            CustomResourceEvent.UPDATE, Set.of("UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS"),
            CustomResourceEvent.DELETE, Set.of("DELETE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS"));

    private static final Set<String> ROLLBACK_STATUSES = Set.of("UPDATE_ROLLBACK_IN_PROGRESS");

    private final StackCatalog stacks;
    private final StackResourceCatalog resources;

    RequestVerifier(StackCatalog stacks, StackResourceCatalog resources) {
        this.stacks = Objects.requireNonNull(stacks, "stacks");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /**
     * Confirms {@code event} with DescribeStackResource and DescribeStacks.
     *
     * @throws InvalidInputException naming what CloudFormation does not confirm
     */
    VerifiedStack verify(CustomResourceEvent event) {
        String type = event.requestType();
        Set<String> expected = IN_PROGRESS.get(type);
        if (expected == null) {
            throw new InvalidInputException("unknown RequestType '" + type + "'");
        }
        if (!RESOURCE_TYPE.equals(event.resourceType())) {
            throw new InvalidInputException("ResourceType must be " + RESOURCE_TYPE);
        }
        String stackId = event.stackId();
        String logicalId = event.logicalResourceId();
        StackResourceDescription resource = resources.describeStackResource(stackId, logicalId)
                .orElseThrow(() -> refused("CloudFormation knows no resource " + logicalId + " in stack " + stackId));
        if (!stackId.equals(resource.stackId())) {
            throw refused("CloudFormation names another stack for resource " + logicalId);
        }
        if (!RESOURCE_TYPE.equals(resource.resourceType())) {
            throw refused("resource " + logicalId + " of stack " + stackId + " is a " + resource.resourceType()
                    + ", not a " + RESOURCE_TYPE);
        }
        if (!expected.contains(resource.resourceStatus())) {
            throw refused("resource " + logicalId + " of stack " + stackId + " is " + resource.resourceStatus()
                    + ", not " + String.join(" or ", expected.stream().sorted().toList()) + " as a " + type
                    + " needs");
        }
        String recorded = resource.physicalResourceId();
        if (!CustomResourceEvent.CREATE.equals(type) && recorded != null && !recorded.isEmpty()
                && !recorded.equals(event.physicalResourceId())) {
            throw refused("the PhysicalResourceId is not the one CloudFormation holds for resource " + logicalId);
        }
        StackDescription stack = stacks.describeStack(stackId)
                .orElseThrow(() -> refused("CloudFormation knows no stack " + stackId));
        if (stack.creationTime() == null) {
            throw refused("CloudFormation reports no CreationTime for stack " + stackId);
        }
        boolean rollingBack = ROLLBACK_STATUSES.contains(stack.stackStatus())
                || "UPDATE_ROLLBACK_IN_PROGRESS".equals(resource.resourceStatus());
        return new VerifiedStack(stackId, stack.stackName(), stack.creationTime(),
                stack.parameters(), rollingBack);
    }

    private static InvalidInputException refused(String why) {
        return new InvalidInputException("not confirmed by CloudFormation: " + why);
    }
}
