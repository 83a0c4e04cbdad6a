package dev.domainsync.registry;

import java.util.Optional;

/**
 * One stack's claims written outside the workflow's runs, by the custom resource, one registration per
 * {@code Custom::DomainRegistration} resource (stack id and logical resource id): each call is one transaction that
 * takes the same table locks as applying a run (but not the run lease), goes through the same claims, winner and
 * change-log code, and applies a request id once.
 */
public interface StackClaims {

    /**
     * Makes the stack's claims exactly the registration's domains with its group and the stack's creation time,
     * recomputes the mappings of the domains it gained or lost, logs the changes under {@code source}, and records
     * the registration as its resource's current one.
     */
    RegistrationOutcome replaceStackClaims(StackRegistration registration, ChangeSource source);

    /**
     * Removes the resource's registration when {@code registrationId} is its current one; the stack's claims go
     * with the stack's last registration, and the mappings of those domains are recomputed and logged. Any other id
     * (one never registered, or another resource's) removes nothing.
     */
    RegistrationOutcome removeStackClaims(String stackId, String logicalResourceId, String registrationId,
            ChangeSource source);

    /** The resource's current registration, if it has one. */
    Optional<RegisteredClaims> registeredClaims(String stackId, String logicalResourceId);
}
