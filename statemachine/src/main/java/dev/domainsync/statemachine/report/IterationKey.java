package dev.domainsync.statemachine.report;

/** Names one Map iteration: the event id of its Map state's entry, and the item index. */
public record IterationKey(long mapEnteredEventId, int index) {
}
