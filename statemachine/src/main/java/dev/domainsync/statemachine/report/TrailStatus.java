package dev.domainsync.statemachine.report;

/** The execution's status, named as the Step Functions console names it. */
public enum TrailStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}
