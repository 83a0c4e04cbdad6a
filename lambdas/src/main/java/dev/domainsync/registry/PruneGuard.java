package dev.domainsync.registry;

import java.util.stream.Collectors;

/**
 * The prune guard's decision on a run's measured deletions, without a database: a run may delete at most
 * {@code percent} % of the mappings it found, or at most {@code minMappings} of them whatever the share.
 */
record PruneGuard(int percent, int minMappings) {

    /** Pruning at most this many mappings never trips the guard, whatever the percentage. */
    static final int DEFAULT_MIN_MAPPINGS = 10;

    /** What the run does about the guard. */
    enum Verdict {
        /** Under the guard: apply. */
        WITHIN,
        /** Over the guard but forced: apply. */
        FORCED,
        /** Over the guard in a dry run, which applies nothing anyway: report the refusal. */
        REPORTED,
        /** Over the guard: fail the run with the refusal and change nothing. */
        REFUSED
    }

    /** The verdict and, when the run is over the guard, the refusal that names the count, share and causes. */
    record Decision(Verdict verdict, String refusal) {
    }

    Decision decide(RunDeletions deletions, boolean force, boolean dryRun) {
        if (!trips(deletions)) {
            return new Decision(Verdict.WITHIN, null);
        }
        Verdict verdict = force ? Verdict.FORCED : dryRun ? Verdict.REPORTED : Verdict.REFUSED;
        return new Decision(verdict, refusal(deletions));
    }

    /** More than {@code minMappings} deletions and more than {@code percent} % of the rows before the run. */
    private boolean trips(RunDeletions deletions) {
        return deletions.mappings() > minMappings
                && deletions.mappings() * 100L > (long) percent * deletions.mappingsBefore();
    }

    private String refusal(RunDeletions deletions) {
        return "the run would delete " + deletions.mappings() + " of " + deletions.mappingsBefore() + " mappings ("
                + deletions.share() + "%), above the " + percent + "% prune guard: "
                + deletions.causes().stream().map(RunDeletions.Cause::toString).collect(Collectors.joining("; "))
                + ". Check with a dry run; start with {\"force\": true} (--force) to apply";
    }
}
