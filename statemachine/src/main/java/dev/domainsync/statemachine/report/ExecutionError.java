package dev.domainsync.statemachine.report;

/** An error name and its cause, as a failed execution or a failed task attempt reports them. */
public record ExecutionError(String error, String cause) {

    public ExecutionError {
        error = error == null ? "" : error;
        cause = cause == null ? "" : cause;
    }
}
