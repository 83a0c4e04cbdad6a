package dev.domainsync.run;

import dev.domainsync.rules.SkipReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run did, as PruneDeleted returns it and the execution's output shows it. {@code changes} holds at
 * most {@link #MAX_CHANGES} entries so that the payload stays small; the change log table has them all.
 */
public record RunReport(
        long runId,
        String executionId,
        RunStatus status,
        RunMode mode,
        Instant startTime,
        Instant since,
        boolean dryRun,
        boolean force,
        int stacksListed,
        int stacksDeleted,
        int candidates,
        int stacksWritten,
        int stacksSkipped,
        Map<SkipReason, Integer> skippedByReason,
        int invalidDomains,
        int claims,
        int conflicts,
        int stacksPruned,
        int mappingsInserted,
        int mappingsUpdated,
        int mappingsDeleted,
        int mappingsTotal,
        List<MappingChange> changes,
        boolean changesTruncated,
        String pruneGuardWarning) {

    public static final int MAX_CHANGES = 200;

    public RunReport {
        skippedByReason = skippedByReason == null ? Map.of() : Map.copyOf(skippedByReason);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
