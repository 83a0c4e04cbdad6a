package dev.domainsync.run;

/** How much of the run is staged so far, over every page; progress for the operator. */
public record StagedCounts(long runId, int stacksListed, int stacksChanged, int stacksSkipped, int claims) {
}
