package dev.domainsync.statemachine.executor;

/** How a local execution ended, named as DescribeExecution names it. */
public enum ExecutionStatus {
    SUCCEEDED,
    FAILED,
    TIMED_OUT
}
