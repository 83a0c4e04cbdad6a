package dev.domainsync.registry;

/**
 * Applying the run would remove more mappings than the prune guard allows; the run is rolled back.
 * An execution input with {@code "force": true} overrides it.
 */
public class PruneGuardException extends RuntimeException {

    public PruneGuardException(String message) {
        super(message);
    }
}
