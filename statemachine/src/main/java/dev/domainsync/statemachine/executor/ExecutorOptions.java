package dev.domainsync.statemachine.executor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the local executor names and paces an execution.
 *
 * @param seed                   seeds every random choice (FULL jitter, {@code $random()}, {@code $uuid()}, request
 *                               ids), so equal seeds give equal histories
 * @param historyEventLimit      Step Functions' hard quota of 25,000 events per execution history
 * @param defaultFunctionTimeout the Lambda {@code Timeout} of a function that {@code functionTimeouts} does not name
 * @param functionTimeouts       each function's Lambda {@code Timeout} by function ARN, as the SAM template sets it:
 *                               an invocation that takes longer fails with {@code Sandbox.Timedout}
 * @param invocationDuration     virtual time each Lambda invocation takes (zero by default)
 * @param measureInvocations     when true, each invocation instead takes the wall-clock time the handler really
 *                               took, so that a local run's timeline shows where its time went
 */
public record ExecutorOptions(String region, String accountId, String stateMachineName, String roleArn, long seed,
                              int historyEventLimit, Duration defaultFunctionTimeout,
                              Map<String, Duration> functionTimeouts, int memoryLimitInMb,
                              Duration invocationDuration, boolean measureInvocations,
                              LambdaServiceFaults lambdaServiceFaults, ExecutionListener listener) {

    public static final int HISTORY_EVENT_LIMIT = 25_000;

    public ExecutorOptions {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(defaultFunctionTimeout, "defaultFunctionTimeout");
        functionTimeouts = Map.copyOf(functionTimeouts);
        Objects.requireNonNull(invocationDuration, "invocationDuration");
        Objects.requireNonNull(lambdaServiceFaults, "lambdaServiceFaults");
        Objects.requireNonNull(listener, "listener");
        if (historyEventLimit < 3) {
            throw new IllegalArgumentException("historyEventLimit must be at least 3");
        }
        for (Map.Entry<String, Duration> entry : functionTimeouts.entrySet()) {
            if (entry.getValue().isNegative() || entry.getValue().isZero()) {
                throw new IllegalArgumentException("function timeout of " + entry.getKey() + " must be positive");
            }
        }
    }

    /** us-east-1, account 123456789012, seed 0, the real quotas, 15-minute functions, no faults, no listener. */
    public static ExecutorOptions defaults(String stateMachineName) {
        return new ExecutorOptions("us-east-1", "123456789012", stateMachineName,
                "arn:aws:iam::123456789012:role/" + stateMachineName + "-role", 0L, HISTORY_EVENT_LIMIT,
                Duration.ofMinutes(15), Map.of(), 512, Duration.ZERO, false, LambdaServiceFaults.NONE,
                ExecutionListener.NONE);
    }

    /** The Lambda {@code Timeout} of the function at {@code functionArn}. */
    public Duration functionTimeout(String functionArn) {
        return functionTimeouts.getOrDefault(functionArn, defaultFunctionTimeout);
    }

    public ExecutorOptions withSeed(long value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, value, historyEventLimit,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, invocationDuration, measureInvocations,
                lambdaServiceFaults, listener);
    }

    public ExecutorOptions withFunctionTimeouts(Map<String, Duration> value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                defaultFunctionTimeout, value, memoryLimitInMb, invocationDuration, measureInvocations,
                lambdaServiceFaults, listener);
    }

    public ExecutorOptions withLambdaServiceFaults(LambdaServiceFaults value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, invocationDuration, measureInvocations,
                value, listener);
    }

    public ExecutorOptions withListener(ExecutionListener value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, invocationDuration, measureInvocations,
                lambdaServiceFaults, value);
    }

    public ExecutorOptions withInvocationDuration(Duration value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, value, measureInvocations,
                lambdaServiceFaults, listener);
    }

    public ExecutorOptions withMeasuredInvocations() {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, historyEventLimit,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, invocationDuration, true,
                lambdaServiceFaults, listener);
    }

    public ExecutorOptions withHistoryEventLimit(int value) {
        return new ExecutorOptions(region, accountId, stateMachineName, roleArn, seed, value,
                defaultFunctionTimeout, functionTimeouts, memoryLimitInMb, invocationDuration, measureInvocations,
                lambdaServiceFaults, listener);
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
