package dev.domainsync.registry;

import dev.domainsync.run.MappingChange;
import java.util.List;
import java.util.Objects;

/**
 * What applying one stack's reading did: the outcome and why, the mapping changes it logged, and whether it repeats
 * an execution already applied (then nothing changed now).
 */
public record AppliedStack(String stackId, Outcome outcome, String detail, List<MappingChange> changes,
        boolean repeated) {

    /** What happened to the stack's claims. */
    public enum Outcome {
        /** Its claims became the reading's. */
        REPLACED,
        /** It is gone: its claims were removed. */
        REMOVED,
        /** Skipped whole by the rules: its claims stay, the version is recorded. */
        SKIPPED,
        /** Not a distribution stack, or not live: nothing changed. */
        IGNORED,
        /** The same version (or the stack's deletion) was applied before: nothing changed. */
        UNCHANGED,
        /** An older reading than the one applied, or a live reading of a deleted stack: nothing changed. */
        STALE
    }

    public AppliedStack {
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(outcome, "outcome");
        changes = List.copyOf(changes);
    }
}
