package dev.domainsync.registry;

import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where a new run starts reading and how that was chosen, decided from its input and the successful runs recorded
 * before it, without a database.
 */
record Since(Instant since, RunMode mode) {

    /** A run that SUCCEEDED: from when it read, and when it started. */
    record SucceededRun(Instant since, Instant startTime) {
    }

    Since {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * The input's {@code since} as given; a backfill from the epoch; or else the start, minus {@code overlap}, of the
     * latest of {@code succeeded} that started before {@code startTime} and read on from where the runs before it
     * had left off. A run recorded with a start time after this one's (a wrong clock) never moves it; a
     * {@code since} run that began after that point read only part of the changes, so it moves nothing. The very
     * first run, with no such predecessor, is a backfill.
     */
    static Since decide(ExecutionInput input, Instant startTime, Duration overlap, List<SucceededRun> succeeded) {
        if (input.since() != null) {
            return new Since(input.since(), RunMode.SINCE);
        }
        if (input.backfill()) {
            return new Since(Instant.EPOCH, RunMode.BACKFILL);
        }
        Instant watermark = null;
        for (SucceededRun run : succeeded.stream()
                .filter(run -> run.startTime().isBefore(startTime))
                .sorted(Comparator.comparing(SucceededRun::startTime))
                .toList()) {
            boolean leftNoGap = !run.since().isAfter(watermark == null ? Instant.EPOCH : watermark);
            Instant next = run.startTime().minus(overlap);
            if (leftNoGap && (watermark == null || next.isAfter(watermark))) {
                watermark = next;
            }
        }
        return watermark == null
                ? new Since(Instant.EPOCH, RunMode.BACKFILL)
                : new Since(watermark, RunMode.INCREMENTAL);
    }
}
