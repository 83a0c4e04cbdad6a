package dev.domainsync.statemachine.executor;

/**
 * A definition cannot be run by the local executor: it is malformed, uses a feature the executor does not
 * implement, or names a placeholder or function that is not bound. The message names the state and field.
 */
public class DefinitionException extends IllegalArgumentException {

    public DefinitionException(String message) {
        super(message);
    }

    public DefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
