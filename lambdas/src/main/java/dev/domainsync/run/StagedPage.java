package dev.domainsync.run;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.StackExtract;
import java.util.List;

/**
 * One listing page as WriteRows stages it: the ids of the stacks that still exist, of those listed as
 * DELETE_COMPLETE, and what each changed candidate claims. Staging it twice is staging it once.
 */
public record StagedPage(long runId, List<String> existingStackIds, List<String> deletedStackIds,
        List<StackExtract> stacks) {

    public StagedPage {
        if (runId <= 0) {
            throw new InvalidInputException("field 'runId' must be a positive run id, got " + runId);
        }
        existingStackIds = existingStackIds == null ? List.of() : List.copyOf(existingStackIds);
        deletedStackIds = deletedStackIds == null ? List.of() : List.copyOf(deletedStackIds);
        stacks = stacks == null ? List.of() : List.copyOf(stacks);
    }
}
