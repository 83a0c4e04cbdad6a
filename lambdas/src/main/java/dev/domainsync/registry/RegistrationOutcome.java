package dev.domainsync.registry;

import dev.domainsync.run.MappingChange;
import java.util.List;

/**
 * What a custom resource request did: the registration it names, the domains it registered (or removed), the
 * mapping changes it logged, and whether it was a repeat of a request already applied (then nothing changed now).
 */
public record RegistrationOutcome(String registrationId, List<String> domains, List<MappingChange> changes,
        boolean repeated) {

    public RegistrationOutcome {
        domains = List.copyOf(domains);
        changes = List.copyOf(changes);
    }
}
