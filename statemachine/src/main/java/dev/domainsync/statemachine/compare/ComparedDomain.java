package dev.domainsync.statemachine.compare;

/**
 * One domain of the comparison: the name (normalised, or as the existing table has it when the rules reject it),
 * where it stands, both groups, the stack that claims it, and why it is missing from the stacks' table.
 * Absent values are null.
 */
public record ComparedDomain(
        String domain,
        ComparisonStatus status,
        String existingGroup,
        String stackGroup,
        String stackId,
        String stackName,
        String reason) {
}
