package dev.domainsync.registry;

import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.time.Instant;

/**
 * The PostgreSQL side of a run: the lease, the staging, and applying a run to the claims and
 * {@code domain_mappings} in one transaction. Every method is idempotent for the same arguments.
 */
public interface DomainRegistry {

    /**
     * Takes the run lease and records the run, deciding its {@code since}; the same execution id again
     * returns the same run.
     *
     * @throws RunInProgressException when another execution holds an unexpired lease
     * @throws ClockSkewException when {@code startTime} is more than 5 minutes ahead of the database's clock
     */
    RunContext startRun(String executionId, Instant startTime, ExecutionInput input);

    /** Stages one listing page for the run, replacing whatever the same stacks staged before. */
    StagedCounts stagePage(StagedPage page);

    /**
     * Applies the whole run in one transaction (or, for a dry run, computes it and rolls it back), marks the
     * run and releases the lease. Applying an already applied run returns its report again.
     *
     * @throws PruneGuardException when the run would delete too many mappings, whatever the cause, and the run is
     *         not forced
     */
    RunReport applyRun(long runId);

    /** Marks the run failed with the error, releases its lease, and changes nothing else. */
    RunFailure failRun(RunFailure failure);
}
