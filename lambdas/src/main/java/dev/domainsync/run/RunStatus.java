package dev.domainsync.run;

/** Where a run stands; only SUCCEEDED counts as the predecessor of the next run. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    DRY_RUN,
    FAILED
}
