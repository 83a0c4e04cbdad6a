package dev.domainsync.rules;

import static dev.domainsync.json.InvalidInputException.require;

import dev.domainsync.rules.StackSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Picks the live distribution stacks that changed since {@code since} out of a ListStacks page (DESIGN.md). */
public final class StackFilter {

    private final SyncSettings settings;

    public StackFilter(SyncSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Live, description matching the pattern, and {@code max(creationTime, lastUpdatedTime) >= since}. */
    public boolean isCandidate(StackSummary stack, Instant since) {
        require(since, "since");
        checkRequiredFields(require(stack, "stack"), "stack");
        return StackStatuses.isLive(stack.stackStatus())
                && isDistribution(stack.templateDescription())
                && !lastChanged(stack).isBefore(since);
    }

    /** A template description that the description pattern finds: the stack is one of the distributions. */
    public boolean isDistribution(String templateDescription) {
        return templateDescription != null && settings.descriptionPattern().matcher(templateDescription).find();
    }

    /**
     * Sorts every summary of the page into candidates, existing and deleted stack ids, in listing order, and counts
     * the existing distribution stacks.
     */
    public FilteredPage filter(List<StackSummary> stacks, Instant since) {
        require(stacks, "stacks");
        require(since, "since");
        List<CandidateStack> candidates = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        int distributions = 0;
        for (int i = 0; i < stacks.size(); i++) {
            StackSummary stack = require(stacks.get(i), "stacks[" + i + "]");
            checkRequiredFields(stack, "stacks[" + i + "]");
            if (StackStatuses.isDeleted(stack.stackStatus())) {
                deleted.add(stack.stackId());
                continue;
            }
            existing.add(stack.stackId());
            if (isDistribution(stack.templateDescription())) {
                distributions++;
            }
            if (isCandidate(stack, since)) {
                candidates.add(new CandidateStack(stack.stackId(), stack.stackName(), stack.creationTime(),
                        stack.lastUpdatedTime()));
            }
        }
        return new FilteredPage(candidates, existing, deleted, distributions);
    }

    private static void checkRequiredFields(StackSummary stack, String path) {
        require(stack.stackId(), path + ".stackId");
        require(stack.stackName(), path + ".stackName");
        require(stack.stackStatus(), path + ".stackStatus");
        require(stack.creationTime(), path + ".creationTime");
    }

    private static Instant lastChanged(StackSummary stack) {
        Instant updated = stack.lastUpdatedTime();
        return updated != null && updated.isAfter(stack.creationTime()) ? updated : stack.creationTime();
    }
}
