package dev.domainsync.steps;

import dev.domainsync.rules.StackExtract;
import java.util.List;

/** ExtractParams' output: what each stack of the batch claims, or why it was skipped. */
public record ExtractedStacks(List<StackExtract> stacks) {

    public ExtractedStacks {
        stacks = stacks == null ? List.of() : List.copyOf(stacks);
    }
}
