package dev.domainsync.rules;

import java.time.Instant;
import java.util.List;

/**
 * What one candidate stack claims: either its group and valid domains (possibly none, when every item was
 * invalid), or a skip reason, in which case its earlier claims stay as they were.
 */
public record StackExtract(
        String stackId,
        String stackName,
        Instant creationTime,
        String groupId,
        List<String> domains,
        List<InvalidDomain> invalidDomains,
        SkipReason skipReason) {

    public StackExtract {
        domains = domains == null ? List.of() : List.copyOf(domains);
        invalidDomains = invalidDomains == null ? List.of() : List.copyOf(invalidDomains);
    }

    public static StackExtract claims(CandidateStack stack, String groupId, List<String> domains,
            List<InvalidDomain> invalidDomains) {
        return new StackExtract(stack.stackId(), stack.stackName(), stack.creationTime(), groupId, domains,
                invalidDomains, null);
    }

    public static StackExtract skipped(CandidateStack stack, SkipReason reason, List<InvalidDomain> invalidDomains) {
        return new StackExtract(stack.stackId(), stack.stackName(), stack.creationTime(), null, List.of(),
                invalidDomains, reason);
    }

    public boolean isSkipped() {
        return skipReason != null;
    }
}
