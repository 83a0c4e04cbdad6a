package dev.domainsync.rules;

import java.time.Instant;
import java.util.Objects;

/** One stack's claim on one domain for a group; the winning claim of each domain becomes its table row. */
public record DomainClaim(String domainName, String groupId, String stackId, String stackName,
        Instant stackCreationTime) implements Claimant {

    public DomainClaim {
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(stackName, "stackName");
        Objects.requireNonNull(stackCreationTime, "stackCreationTime");
    }
}
