package dev.domainsync.statemachine.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry into a state, from its StateEntered to its StateExited event: the task attempts made in it
 * (more than one means retries) and, for a Map, its iterations. {@code type} is the state type as the
 * entry event names it (Task, Choice, Map, Succeed, Fail, Pass, ...).
 */
public record StateVisit(
        long enteredEventId,
        String name,
        String type,
        Instant enteredAt,
        Optional<Instant> exitedAt,
        String input,
        String output,
        List<TaskAttempt> attempts,
        Outcome outcome,
        OptionalInt itemCount,
        List<MapIteration> iterations) {

    public StateVisit {
        attempts = List.copyOf(attempts);
        iterations = List.copyOf(iterations);
    }

    public int retries() {
        return Math.max(0, attempts.size() - 1);
    }

    public Duration duration(Instant until) {
        return Duration.between(enteredAt, exitedAt.orElse(until));
    }

    /** The last attempt that succeeded, whose output is the resource's own result. */
    public Optional<TaskAttempt> succeededAttempt() {
        return attempts.isEmpty() || attempts.get(attempts.size() - 1).outcome() != Outcome.SUCCEEDED
                ? Optional.empty()
                : Optional.of(attempts.get(attempts.size() - 1));
    }
}
