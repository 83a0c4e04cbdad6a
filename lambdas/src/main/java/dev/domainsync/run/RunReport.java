package dev.domainsync.run;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.domainsync.rules.SkipReason;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run did, as PruneDeleted returns it and the execution's output shows it. Its numbers come in groups of a
 * few, each a record of its own type, so that no two of them can be swapped where a report is built; the JSON
 * stays one flat object ({@code runId}, {@code stacksListed}, {@code mappingsInserted}, ...) and the flat accessors
 * below read it as before. {@code changes} holds at most {@link #MAX_CHANGES} entries so that the payload stays
 * small; the change log table has them all.
 */
public record RunReport(
        @JsonUnwrapped RunContext run,
        RunStatus status,
        @JsonUnwrapped Listing listing,
        @JsonUnwrapped Extracts extracts,
        @JsonUnwrapped ClaimTable claimTable,
        @JsonUnwrapped MappingCounts mappingCounts,
        List<MappingChange> changes,
        boolean changesTruncated,
        String pruneGuardWarning) {

    public static final int MAX_CHANGES = 200;

    /** What the run's listing showed: every stack, those listed as deleted, and the candidates changed since. */
    public record Listing(int stacksListed, int stacksDeleted, int candidates) {
    }

    /** What the candidates turned out to be: written (with their valid claims) or skipped, and the invalid domains. */
    public record Extracts(int stacksWritten, int stacksSkipped, Map<SkipReason, Integer> skippedByReason,
            int invalidDomains, int claims) {

        public Extracts {
            skippedByReason = skippedByReason == null ? Map.of() : Map.copyOf(skippedByReason);
        }
    }

    /** What the claims table holds after the run: the stacks whose claims it pruned, and the contested domains. */
    public record ClaimTable(int stacksPruned, int conflicts) {
    }

    /** The run's changes to {@code domain_mappings} by action, and its rows afterwards. */
    public record MappingCounts(int mappingsInserted, int mappingsUpdated, int mappingsDeleted, int mappingsTotal) {

        /**
         * From the run's change counts by action (a missing action counts none) and the rows before the run: every
         * row the run inserted or deleted is one change, so the rows afterwards need no second count.
         */
        public static MappingCounts afterChanges(Map<MappingChange.Action, Integer> changes, int mappingsBefore) {
            Map<MappingChange.Action, Integer> counts = new EnumMap<>(MappingChange.Action.class);
            counts.putAll(changes);
            int inserted = counts.getOrDefault(MappingChange.Action.INSERT, 0);
            int deleted = counts.getOrDefault(MappingChange.Action.DELETE, 0);
            return new MappingCounts(inserted, counts.getOrDefault(MappingChange.Action.UPDATE, 0), deleted,
                    mappingsBefore + inserted - deleted);
        }
    }

    public RunReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(extracts, "extracts");
        Objects.requireNonNull(claimTable, "claimTable");
        Objects.requireNonNull(mappingCounts, "mappingCounts");
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    // The flat accessors: the names of the report's JSON, which its readers use.

    public long runId() {
        return run.runId();
    }

    public String executionId() {
        return run.executionId();
    }

    public RunMode mode() {
        return run.mode();
    }

    public Instant startTime() {
        return run.startTime();
    }

    public Instant since() {
        return run.since();
    }

    public boolean dryRun() {
        return run.dryRun();
    }

    public boolean force() {
        return run.force();
    }

    public int stacksListed() {
        return listing.stacksListed();
    }

    public int stacksDeleted() {
        return listing.stacksDeleted();
    }

    public int candidates() {
        return listing.candidates();
    }

    public int stacksWritten() {
        return extracts.stacksWritten();
    }

    public int stacksSkipped() {
        return extracts.stacksSkipped();
    }

    public Map<SkipReason, Integer> skippedByReason() {
        return extracts.skippedByReason();
    }

    public int invalidDomains() {
        return extracts.invalidDomains();
    }

    public int claims() {
        return extracts.claims();
    }

    public int stacksPruned() {
        return claimTable.stacksPruned();
    }

    public int conflicts() {
        return claimTable.conflicts();
    }

    public int mappingsInserted() {
        return mappingCounts.mappingsInserted();
    }

    public int mappingsUpdated() {
        return mappingCounts.mappingsUpdated();
    }

    public int mappingsDeleted() {
        return mappingCounts.mappingsDeleted();
    }

    public int mappingsTotal() {
        return mappingCounts.mappingsTotal();
    }
}
