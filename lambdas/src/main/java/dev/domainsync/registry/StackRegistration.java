package dev.domainsync.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code Custom::DomainRegistration} resource's claims as the custom resource registers them, after
 * CloudFormation confirmed the request: the stack and the resource's logical id (together the registration's key),
 * the id that names this registration (the resource's PhysicalResourceId), the group and valid normalised domains,
 * the stack's CreationTime as CloudFormation reports it (the claims' precedence), and when it was registered.
 */
public record StackRegistration(String registrationId, String stackId, String logicalResourceId, String stackName,
        Instant stackCreatedAt, String groupId, List<String> domains, Instant registeredAt) {

    public StackRegistration {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(logicalResourceId, "logicalResourceId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(stackCreatedAt, "stackCreatedAt");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(registeredAt, "registeredAt");
        domains = List.copyOf(domains);
    }
}
