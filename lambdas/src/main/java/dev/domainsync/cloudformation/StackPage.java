package dev.domainsync.cloudformation;

import dev.domainsync.rules.StackSummary;
import java.util.List;

/** One page of ListStacks (at most 100 summaries) and the token of the next, null on the last. */
public record StackPage(List<StackSummary> stacks, String nextToken) {

    public StackPage {
        stacks = stacks == null ? List.of() : List.copyOf(stacks);
    }
}
