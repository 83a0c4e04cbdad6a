package dev.domainsync.cloudformation;

import java.time.Instant;
import java.util.Map;

/** What DescribeStacks says of one stack: its status and its parameters by key. */
public record StackDescription(
        String stackId,
        String stackName,
        String stackStatus,
        Instant creationTime,
        Instant lastUpdatedTime,
        Map<String, String> parameters) {

    public StackDescription {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
