package dev.domainsync.statemachine.report;

import dev.domainsync.registry.AppliedStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedCounts;
import java.util.List;
import java.util.Optional;

/**
 * What domain-sync's steps recorded in one execution (RunContext, RunReport, the stacks' extracts, the applied
 * stack), as they returned them. Every payload is optional: a failed or foreign history may lack any of them.
 */
public record RunDigest(
        Optional<String> executionArn,
        Optional<RunContext> runContext,
        Optional<RunReport> runReport,
        Optional<RunFailure> runFailure,
        Optional<StagedCounts> stagedCounts,
        List<StackExtract> extracts,
        List<String> deletedStackIds,
        Optional<AppliedStack> appliedStack) {

    public RunDigest {
        extracts = List.copyOf(extracts);
        deletedStackIds = List.copyOf(deletedStackIds);
    }

    /** Reads the digest from {@code trail}'s visits of domain-sync's states. */
    public static RunDigest of(ExecutionTrail trail) {
        return RunDigestReader.read(trail);
    }

    /** The last part of the ARN, as the console titles an execution; empty when no step recorded the ARN. */
    public Optional<String> executionName() {
        return executionArn.map(arn -> arn.substring(arn.lastIndexOf(':') + 1));
    }

    public boolean dryRun() {
        return runContext.map(RunContext::dryRun).orElse(false)
                || runReport.map(report -> report.dryRun() || report.status() == RunStatus.DRY_RUN).orElse(false);
    }
}
