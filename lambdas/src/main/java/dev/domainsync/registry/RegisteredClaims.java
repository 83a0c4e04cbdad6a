package dev.domainsync.registry;

import java.util.List;
import java.util.Optional;

/**
 * What one resource's registration holds now, and what it held before its last Update: an update rollback may
 * only restore that.
 */
public record RegisteredClaims(String registrationId, String groupId, List<String> domains,
        Optional<String> previousGroupId, List<String> previousDomains) {

    public RegisteredClaims {
        domains = List.copyOf(domains);
        previousDomains = List.copyOf(previousDomains);
    }
}
