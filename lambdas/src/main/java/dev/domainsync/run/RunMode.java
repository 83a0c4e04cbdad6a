package dev.domainsync.run;

/** How a run chose its {@code since}. */
public enum RunMode {
    /** No input: the start of the last successful run minus the overlap. */
    INCREMENTAL,
    /** The execution input gave {@code since}. */
    SINCE,
    /** Every live stack: asked for, or the very first run. */
    BACKFILL
}
