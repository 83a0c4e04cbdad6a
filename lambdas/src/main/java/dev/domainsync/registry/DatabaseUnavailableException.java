package dev.domainsync.registry;

/**
 * The database could not be reached, dropped the connection, or rolled the transaction back to break a deadlock
 * or a serialization conflict; nothing was committed and the workflow retries the step with backoff. The name is
 * part of the state machine's contract.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
