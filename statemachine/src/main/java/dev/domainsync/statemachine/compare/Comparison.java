package dev.domainsync.statemachine.compare;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The existing table beside the stacks' table, one entry per domain, by status and then domain name. */
public record Comparison(List<ComparedDomain> domains) {

    public Comparison {
        domains = List.copyOf(domains);
    }

    /** How many domains have each status, every status present. */
    public Map<ComparisonStatus, Integer> counts() {
        Map<ComparisonStatus, Integer> counts = new EnumMap<>(ComparisonStatus.class);
        for (ComparisonStatus status : ComparisonStatus.values()) {
            counts.put(status, 0);
        }
        domains.forEach(domain -> counts.merge(domain.status(), 1, Integer::sum));
        return counts;
    }

    /** The entries of one status. */
    public List<ComparedDomain> with(ComparisonStatus status) {
        return domains.stream().filter(domain -> domain.status() == status).toList();
    }

    /** True exactly when every domain agrees: the switch can happen without changing what the application reads. */
    public boolean identical() {
        return domains.stream().allMatch(domain -> domain.status() == ComparisonStatus.AGREE);
    }
}
