package dev.domainsync.statemachine.compare;

/** {@code --existing-query} is not one read-only SELECT of two columns, or the database refused it; the message says which. */
public final class InvalidExistingQueryException extends RuntimeException {

    InvalidExistingQueryException(String message) {
        super(message, null, false, false);
    }
}
