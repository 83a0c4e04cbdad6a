package dev.domainsync.statemachine.cli;

import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.RunMode;
import dev.domainsync.run.RunReport;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.snapshot.SnapshotStack;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * A run that found no distribution stack at all says so, naming the description pattern, rather than implying
 * that nothing changed since {@code since}: the usual cause is a pattern or a snapshot field that does not match.
 */
final class NoDistributionHint {

    private NoDistributionHint() {
    }

    /**
     * The hint for a successful run with no candidates, when the snapshot (or, without one, a backfill, which takes
     * every live distribution stack) shows that no live stack is a distribution stack.
     */
    static Optional<String> of(ExecutionResult result, StackSnapshot snapshot, SyncSettings settings) {
        Optional<RunReport> report = RunPrinter.report(result);
        if (report.isEmpty() || report.get().candidates() > 0) {
            return Optional.empty();
        }
        String pattern = settings.descriptionPattern().pattern();
        if (snapshot != null) {
            List<SnapshotStack> live = snapshot.liveStacks();
            StackFilter filter = new StackFilter(settings);
            boolean anyDistribution = live.stream()
                    .anyMatch(stack -> filter.isDistribution(stack.description().orElse(null)));
            if (live.isEmpty() || anyDistribution) {
                return Optional.empty();
            }
            return Optional.of(message(live.size(), pattern));
        }
        int live = report.get().stacksListed() - report.get().stacksDeleted();
        if (report.get().mode() == RunMode.BACKFILL && live > 0) {
            return Optional.of(message(live, pattern));
        }
        return Optional.empty();
    }

    private static String message(int live, String pattern) {
        return "no distribution stack: of the " + RunPrinter.count(live, "live stack", "live stacks")
                + ", none has a description that --description-pattern " + pattern
                + " finds (a snapshot gives it as Description or TemplateDescription)";
    }
}
