package dev.domainsync.rules;

import java.time.Instant;

/** One entry of CloudFormation's ListStacks answer, with the fields the sync rules read. */
public record StackSummary(
        String stackId,
        String stackName,
        String stackStatus,
        String templateDescription,
        Instant creationTime,
        Instant lastUpdatedTime,
        Instant deletionTime,
        String parentId,
        String rootId) {
}
