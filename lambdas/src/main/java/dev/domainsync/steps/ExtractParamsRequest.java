package dev.domainsync.steps;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.CandidateStack;
import java.util.List;

/** ExtractParams' input: one batch of candidate stacks, a Map iteration's share of a page. */
public record ExtractParamsRequest(List<CandidateStack> stacks) {

    public ExtractParamsRequest {
        stacks = List.copyOf(InvalidInputException.require(stacks, "stacks"));
        for (int i = 0; i < stacks.size(); i++) {
            CandidateStack stack = InvalidInputException.require(stacks.get(i), "stacks[" + i + "]");
            InvalidInputException.require(stack.stackId(), "stacks[" + i + "].stackId");
            InvalidInputException.require(stack.creationTime(), "stacks[" + i + "].creationTime");
        }
    }
}
