package dev.domainsync.steps;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.StackStatuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads each candidate stack's parameters with DescribeStacks and applies the claim rules to them. */
public final class ParameterReader {

    private final StackCatalog catalog;
    private final ClaimExtractor extractor;

    public ParameterReader(StackCatalog catalog, ClaimExtractor extractor) {
        this.catalog = catalog;
        this.extractor = extractor;
    }

    /** One extract per candidate, in order; a stack gone or no longer live since the listing is skipped. */
    public List<StackExtract> read(List<CandidateStack> stacks) {
        List<StackExtract> extracts = new ArrayList<>(stacks.size());
        for (CandidateStack stack : stacks) {
            Optional<StackDescription> description = catalog.describeStack(stack.stackId());
            if (description.isEmpty()) {
                extracts.add(extractor.notFound(stack));
            } else if (!StackStatuses.isLive(description.get().stackStatus())) {
                // It changed again after the listing; the next run sees it with a later update time.
                extracts.add(StackExtract.skipped(stack, SkipReason.STACK_NOT_LIVE, List.of()));
            } else {
                extracts.add(extractor.extract(stack, description.get().parameters()));
            }
        }
        return extracts;
    }
}
