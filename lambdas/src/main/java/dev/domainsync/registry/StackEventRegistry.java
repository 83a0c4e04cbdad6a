package dev.domainsync.registry;

import dev.domainsync.rules.StackReading;

/**
 * The event path's side of the registry: one stack's reading applied outside any run, in one transaction that takes
 * the same table locks as applying a run (but not the run lease), through the same claims, winner and change-log
 * code, never putting an older reading of the stack over a newer one.
 */
public interface StackEventRegistry {

    /**
     * Replaces (or, for a gone stack, removes) the stack's claims, recomputes the mappings of the domains it gained
     * or lost and logs the changes under the event source and {@code executionId}. A reading no newer than the
     * version already applied, or of a stack already gone, changes nothing; so does the same execution again.
     */
    AppliedStack applyStack(StackReading reading, String executionId);
}
