package dev.domainsync.registry;

/** Another execution holds the run lease; this one stops without changing anything. */
public class RunInProgressException extends RuntimeException {

    public RunInProgressException(String message) {
        super(message);
    }
}
