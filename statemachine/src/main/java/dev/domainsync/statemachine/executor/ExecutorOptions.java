package dev.domainsync.statemachine.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local executor names and paces an execution.
 *
 * @param seed                 seeds every random choice (FULL jitter, {@code $random()}, {@code $uuid()}, request
 *                             ids), so equal seeds give equal histories
 * @param historyEventLimit    Step Functions' hard quota of 25,000 events per execution history
 * @param functionTimeout      the remaining time a handler's Context reports when its Task sets no TimeoutSeconds
 * @param invocationDuration   virtual time each Lambda invocation takes (zero by default)
 * @param measureInvocations   when true, each invocation instead takes the wall-clock time the handler really
 *                             took, so that a local run's timeline shows where its time went
 */
public record ExecutorOptions(String region, String accountId, String stateMachineName, String roleArn, long seed,
                              int historyEventLimit, Duration functionTimeout, int memoryLimitInMb,
                              Duration invocationDuration, boolean measureInvocations,
                              LambdaServiceFaults lambdaServiceFaults, ExecutionListener listener) {

    public static final int HISTORY_EVENT_LIMIT = 25_000;

    public ExecutorOptions {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(functionTimeout, "functionTimeout");
        Objects.requireNonNull(invocationDuration, "invocationDuration");
        Objects.requireNonNull(lambdaServiceFaults, "lambdaServiceFaults");
        Objects.requireNonNull(listener, "listener");
        if (historyEventLimit < 3) {
            throw new IllegalArgumentException("historyEventLimit must be at least 3");
        }
    }

    /** us-east-1, account 123456789012, seed 0, the real quotas, no faults, no listener. */
    public static ExecutorOptions defaults(String stateMachineName) {
        return new ExecutorOptions("us-east-1", "123456789012", stateMachineName,
                "arn:aws:iam::123456789012:role/" + stateMachineName + "-role", 0L, HISTORY_EVENT_LIMIT,
                Duration.ofMinutes(15), 512, Duration.ZERO, false, LambdaServiceFaults.NONE, ExecutionListener.NONE);
    }

    public ExecutorOptions withSeed(long value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, value, historyEventLimit,
                functionTimeout, memoryLimitInMb, invocationDuration, measureInvocations, lambdaServiceFaults, listener);
    }

    public ExecutorOptions withLambdaServiceFaults(LambdaServiceFaults value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                functionTimeout, memoryLimitInMb, invocationDuration, measureInvocations, value, listener);
    }

    public ExecutorOptions withListener(ExecutionListener value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                functionTimeout, memoryLimitInMb, invocationDuration, measureInvocations, lambdaServiceFaults, value);
    }

    public ExecutorOptions withInvocationDuration(Duration value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                functionTimeout, memoryLimitInMb, value, measureInvocations, lambdaServiceFaults, listener);
    }

    public ExecutorOptions withMeasuredInvocations() {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                functionTimeout, memoryLimitInMb, invocationDuration, true, lambdaServiceFaults, listener);
    }

    public ExecutorOptions withHistoryEventLimit(int value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, value,
                functionTimeout, memoryLimitInMb, invocationDuration, measureInvocations, lambdaServiceFaults, listener);
    }

    /** {@code arn:aws:states:REGION:ACCOUNT:stateMachine:NAME}. */
    public String stateMachineArn() {
        return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + stateMachineName;
    }

    /** {@code arn:aws:states:REGION:ACCOUNT:execution:NAME:EXECUTION}. */
    public String executionArn(String executionName) {
        return "arn:aws:states:" + region + ":" + accountId + ":execution:" + stateMachineName + ":" + executionName;
    }
}
