package dev.domainsync.rules;

import java.util.List;

/**
 * One ListStacks page after the rules: the candidates whose parameters are read next, the ids of every stack
 * that still exists (whatever its description), the ids of the stacks listed as DELETE_COMPLETE, and how many of the
 * existing stacks are distribution stacks, changed or not (a run adds them up: none means a wrong pattern or account).
 */
public record FilteredPage(List<CandidateStack> candidates, List<String> existingStackIds, List<String> deletedStackIds,
        int distributionStacks) {

    public FilteredPage {
        candidates = List.copyOf(candidates);
        existingStackIds = List.copyOf(existingStackIds);
        deletedStackIds = List.copyOf(deletedStackIds);
    }
}
