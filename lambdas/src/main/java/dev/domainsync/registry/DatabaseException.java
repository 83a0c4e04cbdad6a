package dev.domainsync.registry;

/**
 * A database error that retrying will not cure (a constraint, a bug, a failed migration); the transaction was
 * rolled back. The message carries the SQLState and the server's message, never the JDBC URL or a password.
 */
public class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
