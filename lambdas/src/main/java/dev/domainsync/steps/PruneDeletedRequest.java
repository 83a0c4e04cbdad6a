package dev.domainsync.steps;

import dev.domainsync.json.InvalidInputException;

/**
 * PruneDeleted's input: the run to apply, and how many distribution stacks the run's listing held (the sum of
 * FilterRecent's pages, counted for the zero-stacks alarm; absent from a caller that did not count them).
 */
public record PruneDeletedRequest(long runId, Integer distributionStacks) {

    public PruneDeletedRequest {
        if (runId <= 0) {
            throw new InvalidInputException("field 'runId' must be a positive run id, got " + runId);
        }
        if (distributionStacks != null && distributionStacks < 0) {
            throw new InvalidInputException("field 'distributionStacks' must not be negative, got "
                    + distributionStacks);
        }
    }
}
