package dev.domainsync.statemachine.report;

/** One row of the execution details: its term, and its value as escaped HTML. */
record DetailRow(String term, String html) {
}
