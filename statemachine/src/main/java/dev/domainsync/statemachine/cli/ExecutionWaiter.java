package dev.domainsync.statemachine.cli;

import java.time.Duration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Polls DescribeExecution until an execution leaves RUNNING, waiting twice as long after each poll up to a
 * bound: a short run is seen soon, a long one costs a call every half minute.
 */
final class ExecutionWaiter {

    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final SfnClient client;
    private final Sleeper sleeper;

    ExecutionWaiter(SfnClient client, Sleeper sleeper) {
        this.client = client;
        this.sleeper = sleeper;
    }

    /** The execution as it stands once it has ended: SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
    DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        Duration delay = FIRST_DELAY;
        while (true) {
            DescribeExecutionResponse execution = client.describeExecution(request -> request.executionArn(executionArn));
            // PENDING_REDRIVE: a redrive was accepted and the execution is about to run again.
            if (execution.status() != ExecutionStatus.RUNNING && execution.status() != ExecutionStatus.PENDING_REDRIVE) {
                return execution;
            }
            sleeper.sleep(delay);
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
        }
    }
}
