package dev.domainsync.cloudformation;

import java.time.Instant;
import java.util.Map;

/** What DescribeStacks says of one stack: its status, its template's description and its parameters by key. */
public record StackDescription(
        String stackId,
        String stackName,
        String stackStatus,
        Instant creationTime,
        Instant lastUpdatedTime,
        Map<String, String> parameters,
        String templateDescription) {

    public StackDescription {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A description without the template's description, where no rule reads it. */
    public StackDescription(String stackId, String stackName, String stackStatus, Instant creationTime,
            Instant lastUpdatedTime, Map<String, String> parameters) {
        this(stackId, stackName, stackStatus, creationTime, lastUpdatedTime, parameters, null);
    }

    /** The time that orders two readings of the stack: LastUpdatedTime, else CreationTime. */
    public Instant versionTime() {
        return lastUpdatedTime != null ? lastUpdatedTime : creationTime;
    }
}
