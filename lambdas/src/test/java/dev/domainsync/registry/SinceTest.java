package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.registry.Since.SucceededRun;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a new run chooses its {@code since}, decided without a database. */
class SinceTest {

    private static final Duration OVERLAP = Duration.ofHours(6);
    private static final Instant START = Instant.parse("2026-03-10T06:00:00Z");
    private static final ExecutionInput SCHEDULED = ExecutionInput.scheduled();

    @Test
    void noSucceededRun_isABackfillFromTheEpoch() {
        assertThat(Since.decide(SCHEDULED, START, OVERLAP, List.of()))
                .isEqualTo(new Since(Instant.EPOCH, RunMode.BACKFILL));
    }

    @Test
    void afterABackfill_isIncrementalFromItsStartMinusTheOverlap() {
        Instant backfillStart = Instant.parse("2026-03-08T06:00:00Z");

        assertThat(Since.decide(SCHEDULED, START, OVERLAP, List.of(new SucceededRun(Instant.EPOCH, backfillStart))))
                .isEqualTo(new Since(backfillStart.minus(OVERLAP), RunMode.INCREMENTAL));
    }

    @Test
    void chainOfRuns_readsFromTheLatestStartMinusTheOverlap() {
        Instant first = Instant.parse("2026-03-06T06:00:00Z");
        Instant second = Instant.parse("2026-03-08T06:00:00Z");

        Since since = Since.decide(SCHEDULED, START, OVERLAP, List.of(
                new SucceededRun(Instant.EPOCH, first), new SucceededRun(first.minus(OVERLAP), second)));

        assertThat(since).isEqualTo(new Since(second.minus(OVERLAP), RunMode.INCREMENTAL));
    }

    @Test
    void runsGivenInAnyOrder_areTakenByStartTime() {
        Instant first = Instant.parse("2026-03-06T06:00:00Z");
        Instant second = Instant.parse("2026-03-08T06:00:00Z");

        Since since = Since.decide(SCHEDULED, START, OVERLAP, List.of(
                new SucceededRun(first.minus(OVERLAP), second), new SucceededRun(Instant.EPOCH, first)));

        assertThat(since.since()).isEqualTo(second.minus(OVERLAP));
    }

    @Test
    void sinceRunThatLeftAGap_doesNotMoveIt() {
        Instant backfill = Instant.parse("2026-03-06T06:00:00Z");
        // Started two days later but read only its last hour: the changes in between were never read.
        Instant later = Instant.parse("2026-03-08T06:00:00Z");

        Since since = Since.decide(SCHEDULED, START, OVERLAP, List.of(new SucceededRun(Instant.EPOCH, backfill),
                new SucceededRun(later.minus(Duration.ofHours(1)), later)));

        assertThat(since).isEqualTo(new Since(backfill.minus(OVERLAP), RunMode.INCREMENTAL));
    }

    @Test
    void sinceRunReachingBackPastIt_movesIt() {
        Instant backfill = Instant.parse("2026-03-06T06:00:00Z");
        Instant reread = Instant.parse("2026-03-08T06:00:00Z");

        Since since = Since.decide(SCHEDULED, START, OVERLAP, List.of(new SucceededRun(Instant.EPOCH, backfill),
                new SucceededRun(backfill.minus(OVERLAP), reread)));

        assertThat(since.since()).isEqualTo(reread.minus(OVERLAP));
    }

    @Test
    void firstRunGivenASince_isNoPredecessor_soTheNextIsABackfill() {
        Instant sinceRun = Instant.parse("2026-03-08T06:00:00Z");

        assertThat(Since.decide(SCHEDULED, START, OVERLAP, List.of(new SucceededRun(sinceRun.minus(OVERLAP),
                sinceRun)))).isEqualTo(new Since(Instant.EPOCH, RunMode.BACKFILL));
    }

    @Test
    void succeededRunStartedAtOrAfterThisOne_isNoPredecessor() {
        Instant backfill = Instant.parse("2026-03-06T06:00:00Z");

        Since since = Since.decide(SCHEDULED, START, OVERLAP, List.of(new SucceededRun(Instant.EPOCH, backfill),
                new SucceededRun(Instant.EPOCH, START), new SucceededRun(Instant.EPOCH, START.plusSeconds(60))));

        assertThat(since).isEqualTo(new Since(backfill.minus(OVERLAP), RunMode.INCREMENTAL));
    }

    @Test
    void explicitSince_isUsedAsGivenWhateverRanBefore() {
        Instant given = Instant.parse("2026-02-01T12:00:00Z");

        Since since = Since.decide(new ExecutionInput(given, false, false, false, null), START, OVERLAP,
                List.of(new SucceededRun(Instant.EPOCH, START.minus(Duration.ofDays(1)))));

        assertThat(since).isEqualTo(new Since(given, RunMode.SINCE));
    }

    @Test
    void backfillInput_readsFromTheEpochEvenAfterASucceededRun() {
        Since since = Since.decide(new ExecutionInput(null, true, false, false, null), START, OVERLAP,
                List.of(new SucceededRun(Instant.EPOCH, START.minus(Duration.ofDays(1)))));

        assertThat(since).isEqualTo(new Since(Instant.EPOCH, RunMode.BACKFILL));
    }
}
