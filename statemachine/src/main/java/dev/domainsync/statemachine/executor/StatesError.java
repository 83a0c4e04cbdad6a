package dev.domainsync.statemachine.executor;

/** An error a state reports, by its Error Name and Cause, to be matched by Retry and Catch. */
class StatesError extends RuntimeException {

    private final String error;
    private final String errorCause;

    StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    /** The Error Name; empty for a Fail state without Error. */
    String error() {
        return error;
    }

    /** The Cause; empty when none was given. */
    String errorCause() {
        return errorCause;
    }
}
