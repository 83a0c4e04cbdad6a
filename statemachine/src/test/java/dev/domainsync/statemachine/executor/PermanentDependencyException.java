package dev.domainsync.statemachine.executor;

/** What a test handler throws for a failure that retrying cannot fix. */
public class PermanentDependencyException extends RuntimeException {

    public PermanentDependencyException(String message) {
        super(message);
    }
}
