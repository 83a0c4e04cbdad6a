package dev.domainsync.statemachine.executor;

/** An error a state reports, by its Error Name and Cause, to be matched by Retry and Catch. */
class StatesError extends RuntimeException {

    private final String error;
    private final String errorCause;
    private final boolean terminal;

    StatesError(String error, String cause) {
        this(error, cause, false);
    }

    private StatesError(String error, String cause, boolean terminal) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
        this.terminal = terminal;
    }

    /**
     * A {@code States.DataLimitExceeded} from a state's own input, arguments or output over the payload quota: a
     * terminal error that only a Retrier or Catcher naming it handles, {@code States.ALL} not. (The same error
     * name for a function's result over the quota is an ordinary error that {@code States.ALL} catches.)
     */
    static StatesError terminalDataLimit(String cause) {
        return new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, cause, true);
    }

    /** The Error Name; empty for a Fail state without Error. */
    String error() {
        return error;
    }

    /** The Cause; empty when none was given. */
    String errorCause() {
        return errorCause;
    }

    /** Whether {@code errorEquals} handles this error, as a Retrier's or Catcher's ErrorEquals. */
    boolean handledBy(java.util.List<String> errorEquals) {
        return terminal ? ErrorNames.matchesTerminal(errorEquals, error) : ErrorNames.matches(errorEquals, error);
    }
}
