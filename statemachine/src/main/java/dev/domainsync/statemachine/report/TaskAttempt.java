package dev.domainsync.statemachine.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One invocation of a Task's resource within a state visit: a retry shows as a failed attempt followed by
 * another one. Input and output are the JSON strings of the history ("" when absent).
 */
public record TaskAttempt(
        int number,
        String resource,
        Instant scheduledAt,
        Optional<Instant> endedAt,
        Outcome outcome,
        ExecutionError error,
        String input,
        String output) {

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** Scheduled to end, or to {@code until} while still running. */
    public Duration duration(Instant until) {
        return Duration.between(scheduledAt, endedAt.orElse(until));
    }
}
