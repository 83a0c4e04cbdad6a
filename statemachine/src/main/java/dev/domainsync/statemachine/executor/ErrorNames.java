package dev.domainsync.statemachine.executor;

import java.util.List;

/**
 * The predefined {@code States.*} error names and how a Retrier's or Catcher's {@code ErrorEquals} matches
 * them, as Step Functions documents it.
 */
public final class ErrorNames {

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String RUNTIME = "States.Runtime";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

    private ErrorNames() {
    }

    /**
     * Whether {@code errorEquals} handles {@code error}. Names match exactly and case-sensitively;
     * {@code States.ALL} matches everything except the terminal {@code States.DataLimitExceeded} and
     * {@code States.Runtime}; {@code States.TaskFailed} matches the same except {@code States.Timeout}.
     * {@code States.Runtime} is never retried or caught, even by name; {@code States.DataLimitExceeded} only
     * by its own name.
     */
    public static boolean matches(List<String> errorEquals, String error) {
        if (RUNTIME.equals(error)) {
            return false;
        }
        for (String candidate : errorEquals) {
            if (candidate.equals(error)) {
                return true;
            }
            boolean terminal = DATA_LIMIT_EXCEEDED.equals(error);
            if (ALL.equals(candidate) && !terminal) {
                return true;
            }
            if (TASK_FAILED.equals(candidate) && !terminal && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
