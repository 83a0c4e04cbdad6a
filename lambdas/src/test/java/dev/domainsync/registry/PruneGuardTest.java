package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.registry.PruneGuard.Verdict;
import dev.domainsync.registry.RunDeletions.Cause;
import dev.domainsync.registry.RunDeletions.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prune guard's decision on a run's measured deletions, without a database: 25 % and more than 10 rows. */
class PruneGuardTest {

    private static final PruneGuard GUARD = new PruneGuard(25, PruneGuard.DEFAULT_MIN_MAPPINGS);

    @Test
    void tenOfTen_neverTripsTheGuard_whateverTheShare() {
        assertThat(GUARD.decide(gone(10, 10), false, false)).isEqualTo(new PruneGuard.Decision(Verdict.WITHIN, null));
    }

    @Test
    void twentyFiveOfOneHundred_isWithin_sinceTheGuardTripsAboveThePercentage() {
        assertThat(GUARD.decide(gone(25, 100), false, false).verdict()).isEqualTo(Verdict.WITHIN);
    }

    @Test
    void twentySixOfOneHundred_isRefusedNamingTheCountTheShareAndTheCauses() {
        RunDeletions deletions = new RunDeletions(26, 100, List.of(new Cause(Reason.STACK_GONE, 20, 20),
                new Cause(Reason.ONLY_INVALID, 3, 6)));

        PruneGuard.Decision decision = GUARD.decide(deletions, false, false);

        assertThat(decision.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(decision.refusal()).isEqualTo("the run would delete 26 of 100 mappings (26%), above the 25% prune"
                + " guard: 20 stacks are gone (deleted, or no longer listed) (20 mappings); 3 updated stacks now"
                + " carry only invalid domains (6 mappings). Check with a dry run; start with {\"force\": true}"
                + " (--force) to apply");
    }

    @Test
    void elevenOfAnEmptyTable_isRefusedAsAHundredPercent() {
        PruneGuard.Decision decision = GUARD.decide(gone(11, 0), false, false);

        assertThat(decision.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(decision.refusal()).startsWith("the run would delete 11 of 0 mappings (100%)");
    }

    @Test
    void forcedRunOverTheGuard_isForcedWithTheRefusalForTheLog() {
        PruneGuard.Decision decision = GUARD.decide(gone(40, 100), true, false);

        assertThat(decision.verdict()).isEqualTo(Verdict.FORCED);
        assertThat(decision.refusal()).contains("40 of 100 mappings (40%)");
    }

    @Test
    void dryRunOverTheGuard_reportsTheRefusalInsteadOfFailing() {
        PruneGuard.Decision decision = GUARD.decide(gone(40, 100), false, true);

        assertThat(decision.verdict()).isEqualTo(Verdict.REPORTED);
        assertThat(decision.refusal()).contains("40 of 100 mappings (40%), above the 25% prune guard");
    }

    @Test
    void forcedDryRunOverTheGuard_isForced() {
        assertThat(GUARD.decide(gone(40, 100), true, true).verdict()).isEqualTo(Verdict.FORCED);
    }

    @Test
    void otherPercentage_movesTheThreshold() {
        PruneGuard strict = new PruneGuard(10, PruneGuard.DEFAULT_MIN_MAPPINGS);

        assertThat(strict.decide(gone(11, 100), false, false).verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(strict.decide(gone(11, 110), false, false).verdict()).isEqualTo(Verdict.WITHIN);
    }

    private static RunDeletions gone(int mappings, int mappingsBefore) {
        return new RunDeletions(mappings, mappingsBefore, List.of(new Cause(Reason.STACK_GONE, mappings, mappings)));
    }
}
