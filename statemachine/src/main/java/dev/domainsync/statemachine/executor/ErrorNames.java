package dev.domainsync.statemachine.executor;

import java.util.List;

/**
 * The predefined {@code States.*} error names and how a Retrier's or Catcher's {@code ErrorEquals} matches
 * them, as Step Functions documents it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 */
public final class ErrorNames {

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String RUNTIME = "States.Runtime";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

    private ErrorNames() {
    }

    /**
     * Whether {@code errorEquals} handles {@code error} as a state reports it. Names match exactly and
     * case-sensitively; {@code States.ALL} matches everything; {@code States.TaskFailed} everything except
     * {@code States.Timeout}. {@code States.Runtime} is never retried or caught, even by name.
     *
     * <p>This includes {@code States.DataLimitExceeded} when a Lambda function's result is over the payload quota:
     * AWS records it as LambdaFunctionFailed and a {@code States.ALL} catcher catches it (execution histories
     * recorded on AWS in LocalStack's {@code test_states_errors.snapshot.json},
     * {@code test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response}). A state's own payload
     * over the quota is terminal instead: see {@link #matchesTerminal}.
     */
    public static boolean matches(List<String> errorEquals, String error) {
        if (RUNTIME.equals(error)) {
            return false;
        }
        for (String candidate : errorEquals) {
            if (candidate.equals(error) || ALL.equals(candidate)
                    || TASK_FAILED.equals(candidate) && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code errorEquals} handles a terminal error: {@code States.DataLimitExceeded} raised because a
     * state's own input, arguments or output is over the payload quota, which "can't be caught by the
     * {@code States.ALL} error type" (concepts-error-handling). Only its own name matches.
     */
    static boolean matchesTerminal(List<String> errorEquals, String error) {
        return errorEquals.contains(error);
    }
}
