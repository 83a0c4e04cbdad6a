package dev.domainsync.steps;

import dev.domainsync.json.InvalidInputException;

/** PruneDeleted's input: the run to apply. */
public record PruneDeletedRequest(long runId) {

    public PruneDeletedRequest {
        if (runId <= 0) {
            throw new InvalidInputException("field 'runId' must be a positive run id, got " + runId);
        }
    }
}
