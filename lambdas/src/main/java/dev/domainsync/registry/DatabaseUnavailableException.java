package dev.domainsync.registry;

/**
 * The database could not be reached or dropped the connection; the transaction was rolled back and the
 * workflow retries the step with backoff. The name is part of the state machine's contract.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
