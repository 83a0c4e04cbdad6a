package dev.domainsync.statemachine.executor;

/** What a test handler throws for a failure worth retrying. */
public class TransientDependencyException extends RuntimeException {

    public TransientDependencyException(String message) {
        super(message);
    }
}
