package dev.domainsync.statemachine.compare;

/** One row of the table the application reads today, as {@code --existing-query} returned it: domain, group. */
public record ExistingRow(String domain, String group) {
}
