package dev.domainsync.registry;

/**
 * Applying the run would delete more mappings than the prune guard allows, counted on the run's final diff
 * whatever the cause; the message names the count, the share and the causes, and the run is rolled back. An
 * execution input with {@code "force": true} overrides it.
 */
public class PruneGuardException extends RuntimeException {

    public PruneGuardException(String message) {
        super(message);
    }
}
