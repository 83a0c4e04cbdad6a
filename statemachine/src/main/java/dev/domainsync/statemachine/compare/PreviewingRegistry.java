package dev.domainsync.statemachine.compare;

import dev.domainsync.registry.DomainMapping;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The registry as {@code compare}'s dry run sees it: every call goes to the real registry, and just before the run is
 * applied (and, being a dry run, rolled back) the whole table that applying it would give is kept, since the run
 * report carries only the first {@link RunReport#MAX_CHANGES} changes.
 */
public final class PreviewingRegistry implements DomainRegistry {

    private final PostgresDomainRegistry registry;
    private List<DomainMapping> preview;
    private long previewedRunId;

    public PreviewingRegistry(PostgresDomainRegistry registry) {
        this.registry = registry;
    }

    /** The table that the last applied run would give, once PruneDeleted has run. */
    public Optional<List<DomainMapping>> preview() {
        return Optional.ofNullable(preview);
    }

    @Override
    public RunContext startRun(String executionId, Instant startTime, ExecutionInput input) {
        return registry.startRun(executionId, startTime, input);
    }

    @Override
    public StagedCounts stagePage(StagedPage page) {
        return registry.stagePage(page);
    }

    @Override
    public RunReport applyRun(long runId) {
        // A retried PruneDeleted may find the run already applied; the table it previewed first still holds.
        if (preview == null || previewedRunId != runId) {
            preview = registry.previewMappings(runId);
            previewedRunId = runId;
        }
        return registry.applyRun(runId);
    }

    @Override
    public RunFailure failRun(RunFailure failure) {
        return registry.failRun(failure);
    }
}
