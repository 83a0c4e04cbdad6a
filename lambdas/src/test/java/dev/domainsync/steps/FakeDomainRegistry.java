package dev.domainsync.steps;

import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunMode;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records what the handlers ask of the registry and answers with fixed values. */
final class FakeDomainRegistry implements DomainRegistry {

    final List<ExecutionInput> started = new ArrayList<>();
    final List<StagedPage> staged = new ArrayList<>();
    final List<Long> applied = new ArrayList<>();
    final List<RunFailure> failed = new ArrayList<>();

    @Override
    public RunContext startRun(String executionId, Instant startTime, ExecutionInput input) {
        started.add(input);
        RunMode mode = input.backfill() ? RunMode.BACKFILL : input.since() != null ? RunMode.SINCE : RunMode.INCREMENTAL;
        Instant since = input.since() != null ? input.since() : Instant.EPOCH;
        return new RunContext(7, executionId, startTime, since, mode, input.dryRun(), input.force());
    }

    @Override
    public StagedCounts stagePage(StagedPage page) {
        staged.add(page);
        return new StagedCounts(page.runId(), page.existingStackIds().size() + page.deletedStackIds().size(),
                page.stacks().size(), 0, 0);
    }

    @Override
    public RunReport applyRun(long runId) {
        applied.add(runId);
        return new RunReport(new RunContext(runId, "exec", Instant.EPOCH, Instant.EPOCH, RunMode.BACKFILL, false, false),
                RunStatus.SUCCEEDED, new RunReport.Listing(0, 0, 0), new RunReport.Extracts(0, 0, Map.of(), 0, 0),
                new RunReport.ClaimTable(0, 0), new RunReport.MappingCounts(0, 0, 0, 0), List.of(), false, null);
    }

    @Override
    public RunFailure failRun(RunFailure failure) {
        failed.add(failure);
        return failure;
    }
}
