package dev.domainsync.rules;

import java.util.List;

/**
 * One ListStacks page after the rules: the candidates whose parameters are read next, the ids of every stack
 * that still exists (whatever its description), and the ids of the stacks listed as DELETE_COMPLETE.
 */
public record FilteredPage(List<CandidateStack> candidates, List<String> existingStackIds, List<String> deletedStackIds) {

    public FilteredPage {
        candidates = List.copyOf(candidates);
        existingStackIds = List.copyOf(existingStackIds);
        deletedStackIds = List.copyOf(deletedStackIds);
    }
}
