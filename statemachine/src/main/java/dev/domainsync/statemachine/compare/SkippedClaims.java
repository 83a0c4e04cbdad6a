package dev.domainsync.statemachine.compare;

import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.DomainName;
import dev.domainsync.rules.DomainNames;
import dev.domainsync.rules.StackExtract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The domains that the stacks a run skipped name in their domain parameter: a skip keeps no claims, so to say why a
 * domain of the existing table is missing, each skipped stack is read again (they are few) and its items are
 * normalised by the same rules.
 */
public final class SkippedClaims {

    private SkippedClaims() {
    }

    /** Each valid domain that a skipped stack names, with the first skip that names it. */
    public static Map<String, StackExtract> read(List<StackExtract> extracts, StackCatalog catalog,
            String domainParameter) {
        Map<String, StackExtract> byDomain = new LinkedHashMap<>();
        for (StackExtract extract : extracts) {
            if (!extract.isSkipped()) {
                continue;
            }
            Optional<String> domainList = catalog.describeStack(extract.stackId())
                    .map(StackDescription::parameters)
                    .map(parameters -> parameters.get(domainParameter));
            for (String item : domainList.map(ClaimExtractor::items).orElse(List.of())) {
                if (DomainNames.normalise(item) instanceof DomainName domain) {
                    byDomain.putIfAbsent(domain.value(), extract);
                }
            }
        }
        return byDomain;
    }
}
