package dev.domainsync.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stack's claims as a custom resource registers them: the stack, its group and valid normalised domains, the
 * id that names this registration (the resource's PhysicalResourceId), and when it was registered, which stands in
 * for the stack's CreationTime while the stack has no claims that carry the real one.
 */
public record StackRegistration(String registrationId, String stackId, String stackName, String groupId,
        List<String> domains, Instant registeredAt) {

    public StackRegistration {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(registeredAt, "registeredAt");
        domains = List.copyOf(domains);
    }
}
