package dev.domainsync.statemachine.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one execution of any state machine did, read from its history alone: the state visits with their
 * attempts and Map iterations, and every event placed in its state and iteration. {@link RunDigest} reads
 * domain-sync's own records from it.
 */
public record ExecutionTrail(
        TrailStatus status,
        Instant startTime,
        Optional<Instant> endTime,
        Instant lastEventTime,
        String executionInput,
        String executionOutput,
        Optional<ExecutionError> error,
        List<StateVisit> visits,
        List<TracedEvent> events) {

    public ExecutionTrail {
        visits = List.copyOf(visits);
        events = List.copyOf(events);
    }

    /** Start to end, or to the last event while the execution is still running. */
    public Duration duration() {
        return Duration.between(startTime, endTime.orElse(lastEventTime));
    }

    public Instant endOrLastEvent() {
        return endTime.orElse(lastEventTime);
    }

    /** Every visit, top level and inside Map iterations, in the order the states were entered. */
    public List<StateVisit> allVisits() {
        return flatten(visits);
    }

    static List<StateVisit> flatten(List<StateVisit> visits) {
        List<StateVisit> all = new ArrayList<>();
        collect(visits, all);
        all.sort(Comparator.comparingLong(StateVisit::enteredEventId));
        return all;
    }

    /** The first visit whose failure a Catch handled: where the run went wrong. */
    public Optional<StateVisit> caughtVisit() {
        return visits.stream().filter(visit -> visit.outcome() == Outcome.CAUGHT).findFirst();
    }

    private static void collect(List<StateVisit> visits, List<StateVisit> into) {
        for (StateVisit visit : visits) {
            into.add(visit);
            for (MapIteration iteration : visit.iterations()) {
                collect(iteration.visits(), into);
            }
        }
    }
}
