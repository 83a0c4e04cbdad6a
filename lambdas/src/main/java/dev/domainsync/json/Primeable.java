package dev.domainsync.json;

/**
 * A collaborator that can do its first-call work ahead of time: SnapStart snapshots a function after init, so
 * whatever {@link #prime()} loads, connects once or migrates is already done when a restored function serves its
 * first request. A failure is logged by the caller and leaves the work to the first request, as without priming.
 */
public interface Primeable {

    /** Does the first call's one-off work now; must leave nothing open (no connection survives a snapshot). */
    void prime();
}
