package dev.domainsync.telemetry;

/**
 * Which execution, run and state an invocation serves, as the definitions pass them beside each step's own payload
 * ({@code $states.context.Execution.Id}, {@code $runId}, {@code $states.context.State.Name} and
 * {@code .RetryCount}); any of them may be absent (a custom resource request has none).
 */
public record StepContext(String executionId, Long runId, String state, Integer retryCount) {

    public static final StepContext NONE = new StepContext(null, null, null, null);

    /** Whether Step Functions retried the state to get here. */
    public boolean isRetry() {
        return retryCount != null && retryCount > 0;
    }
}
