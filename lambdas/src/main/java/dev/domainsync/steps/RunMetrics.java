package dev.domainsync.steps;

import dev.domainsync.run.RunReport;
import dev.domainsync.telemetry.StepMetrics;

/**
 * The numbers of an applied run as metrics, one data point each per run: what PruneDeleted counts. A dry run counts
 * nothing, since it changed nothing; the zero-stacks alarm watches {@link #DISTRIBUTION_STACKS}.
 */
final class RunMetrics {

    static final String DISTRIBUTION_STACKS = "DistributionStacks";
    static final String STACKS_LISTED = "StacksListed";
    static final String CANDIDATES = "Candidates";
    static final String CLAIMS = "Claims";
    static final String STACKS_SKIPPED = "StacksSkipped";
    static final String MAPPINGS_INSERTED = "MappingsInserted";
    static final String MAPPINGS_UPDATED = "MappingsUpdated";
    static final String MAPPINGS_DELETED = "MappingsDeleted";

    private RunMetrics() {
    }

    static void count(RunReport report, Integer distributionStacks, StepMetrics metrics) {
        if (report.dryRun()) {
            return;
        }
        if (distributionStacks != null) {
            metrics.count(DISTRIBUTION_STACKS, distributionStacks);
        }
        metrics.count(STACKS_LISTED, report.stacksListed());
        metrics.count(CANDIDATES, report.candidates());
        metrics.count(CLAIMS, report.claims());
        metrics.count(STACKS_SKIPPED, report.stacksSkipped());
        metrics.count(MAPPINGS_INSERTED, report.mappingsInserted());
        metrics.count(MAPPINGS_UPDATED, report.mappingsUpdated());
        metrics.count(MAPPINGS_DELETED, report.mappingsDeleted());
    }
}
