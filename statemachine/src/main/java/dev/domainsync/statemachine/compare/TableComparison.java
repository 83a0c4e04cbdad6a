package dev.domainsync.statemachine.compare;

import dev.domainsync.registry.DomainMapping;
import dev.domainsync.rules.DomainName;
import dev.domainsync.rules.DomainNames;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.StackExtract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the existing table beside the table the stacks say, domain by domain. The existing table's domains are
 * normalised by the sync rules ({@link DomainNames}), so {@code Shop.Example.COM.} is {@code shop.example.com}, and
 * its groups are trimmed as the rules trim a stack's group.
 */
public final class TableComparison {

    static final String NO_STACK = "no live distribution stack claims it";

    private TableComparison() {
    }

    /**
     * @param existing      the rows the existing query returned
     * @param stacks        every row that {@code domain_mappings} would hold after the dry-run backfill
     * @param skippedClaims the domains that skipped stacks name, with the skip, to explain why they are missing
     */
    public static Comparison compare(List<ExistingRow> existing, List<DomainMapping> stacks,
            Map<String, StackExtract> skippedClaims) {
        Map<String, DomainMapping> byDomain = new LinkedHashMap<>();
        stacks.forEach(mapping -> byDomain.put(mapping.domainName(), mapping));
        Map<String, Set<String>> existingGroups = new LinkedHashMap<>();
        List<ComparedDomain> compared = new ArrayList<>();
        for (ExistingRow row : existing) {
            String raw = Objects.toString(row.domain(), "");
            DomainNames.Result name = DomainNames.normalise(raw);
            String group = row.group() == null ? null : row.group().trim();
            if (name instanceof DomainName domain) {
                existingGroups.computeIfAbsent(domain.value(), key -> new LinkedHashSet<>()).add(group);
            } else {
                compared.add(new ComparedDomain(raw, ComparisonStatus.ONLY_EXISTING, group, null, null, null,
                        "not a valid domain under the rules: " + ((InvalidDomain) name).reason()));
            }
        }
        existingGroups.forEach((domain, groups) -> compared.add(
                existing(domain, groups, byDomain.get(domain), skippedClaims.get(domain))));
        byDomain.values().stream()
                .filter(mapping -> !existingGroups.containsKey(mapping.domainName()))
                .forEach(mapping -> compared.add(new ComparedDomain(mapping.domainName(), ComparisonStatus.ONLY_STACKS,
                        null, mapping.groupId(), mapping.stackId(), mapping.stackName(), null)));
        compared.sort(Comparator.comparing(ComparedDomain::status).thenComparing(ComparedDomain::domain));
        return new Comparison(compared);
    }

    private static ComparedDomain existing(String domain, Set<String> groups, DomainMapping stack,
            StackExtract skipped) {
        String existingGroup = groups.size() == 1 ? groups.iterator().next()
                : String.join(" | ", groups.stream().map(group -> Objects.toString(group, "")).toList());
        String duplicates = groups.size() > 1
                ? "the existing table lists it with " + groups.size() + " different groups" : null;
        if (stack == null) {
            String why = skipped == null ? NO_STACK
                    : "stack " + skipped.stackName() + " (" + skipped.stackId() + ") names it but was skipped: "
                            + skipped.skipReason();
            return new ComparedDomain(domain, ComparisonStatus.ONLY_EXISTING, existingGroup, null, null, null,
                    duplicates == null ? why : why + "; " + duplicates);
        }
        boolean same = groups.size() == 1 && Objects.equals(groups.iterator().next(), stack.groupId());
        return new ComparedDomain(domain, same ? ComparisonStatus.AGREE : ComparisonStatus.DIFFERENT_GROUP,
                existingGroup, stack.groupId(), stack.stackId(), stack.stackName(), duplicates);
    }
}
