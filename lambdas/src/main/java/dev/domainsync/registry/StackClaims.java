package dev.domainsync.registry;

/**
 * One stack's claims written outside the workflow's runs, by the custom resource: each call is one transaction
 * that takes the same table locks as applying a run (but not the run lease), goes through the same claims, winner
 * and change-log code, and applies a request id once.
 */
public interface StackClaims {

    /**
     * Makes the stack's claims exactly the registration's domains with its group, recomputes the mappings of the
     * domains it gained or lost, logs the changes under {@code source}, and records the registration as the stack's
     * current one. The claims keep the creation time that the stack's existing claims carry (a run knows the real
     * one), else the stack's first registration time.
     */
    RegistrationOutcome replaceStackClaims(StackRegistration registration, ChangeSource source);

    /**
     * Removes every claim of the stack when {@code registrationId} is the stack's current registration, and
     * recomputes and logs the mappings of those domains. Any other id (one that a later registration replaced, which
     * already removed what it no longer claims, or one never registered) removes nothing.
     */
    RegistrationOutcome removeStackClaims(String stackId, String registrationId, ChangeSource source);
}
