package dev.domainsync.steps;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.StackReading;
import dev.domainsync.rules.StackStatuses;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one stack for the event path: DescribeStacks for its id, then the sync rules applied to what CloudFormation
 * says now, whatever the event said (an event can be late, repeated or out of order).
 */
public final class StackReader {

    private final StackCatalog catalog;
    private final StackFilter filter;
    private final ClaimExtractor extractor;

    public StackReader(StackCatalog catalog, StackFilter filter, ClaimExtractor extractor) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /**
     * Gone when CloudFormation shows the stack deleted or no longer knows it (a run prunes such a stack whatever its
     * description); ignored when it is not a distribution stack or not live now; else its claims or a skip.
     */
    public StackReading read(String stackId) {
        Optional<StackDescription> found = catalog.describeStack(stackId);
        if (found.isEmpty()) {
            return StackReading.gone(stackId, null, null, StackReading.NOT_FOUND);
        }
        StackDescription stack = found.get();
        if (StackStatuses.isDeleted(stack.stackStatus())) {
            return StackReading.gone(stackId, stack.stackName(), stack.stackStatus(), StackReading.DELETED);
        }
        if (!filter.isDistribution(stack.templateDescription())) {
            return StackReading.ignored(stackId, stack.stackName(), stack.stackStatus(),
                    StackReading.NOT_A_DISTRIBUTION_STACK);
        }
        if (!StackStatuses.isLive(stack.stackStatus())) {
            return StackReading.ignored(stackId, stack.stackName(), stack.stackStatus(), StackReading.NOT_LIVE);
        }
        CandidateStack candidate = new CandidateStack(stackId, stack.stackName(), stack.creationTime(),
                stack.lastUpdatedTime());
        return StackReading.claims(extractor.extract(candidate, stack.parameters()), stack.stackStatus(),
                stack.versionTime());
    }
}
