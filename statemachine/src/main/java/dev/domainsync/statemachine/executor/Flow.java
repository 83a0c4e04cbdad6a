package dev.domainsync.statemachine.executor;

/** The chain of events one block of states records, for each event's previousEventId. */
final class Flow {

    /** The id of the last event this block recorded. */
    long last;

    Flow(long last) {
        this.last = last;
    }
}
