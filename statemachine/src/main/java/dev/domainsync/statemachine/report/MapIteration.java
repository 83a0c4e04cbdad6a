package dev.domainsync.statemachine.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One iteration of an inline Map visit and the visits of its inner states, in order. */
public record MapIteration(
        IterationKey key,
        Instant startedAt,
        Optional<Instant> endedAt,
        Outcome outcome,
        List<StateVisit> visits,
        int eventCount) {

    public MapIteration {
        visits = List.copyOf(visits);
    }

    public int index() {
        return key.index();
    }

    public Duration duration(Instant until) {
        return Duration.between(startedAt, endedAt.orElse(until));
    }
}
