package dev.domainsync.statemachine.executor;

/**
 * Stops a run that has already recorded its own closing event (history limit reached, execution timed out):
 * no Retry or Catch sees it.
 */
final class ExecutionTerminated extends RuntimeException {

    private final ExecutionStatus status;
    private final String error;
    private final String errorCause;

    ExecutionTerminated(ExecutionStatus status, String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.status = status;
        this.error = error;
        this.errorCause = cause;
    }

    ExecutionStatus status() {
        return status;
    }

    String error() {
        return error;
    }

    String errorCause() {
        return errorCause;
    }
}
