package dev.domainsync.rules;

import java.time.Instant;

/** A live distribution stack that changed since the run's {@code since}: its parameters are read next. */
public record CandidateStack(String stackId, String stackName, Instant creationTime, Instant lastUpdatedTime) {
}
