package dev.domainsync.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

/**
 * Which of several claims on one domain wins: the stack created first, ties broken by the smaller StackId.
 * The registry's SQL orders the same way ({@code ORDER BY stack_created_at, stack_id COLLATE "C"}).
 */
public final class ClaimPrecedence {

    // String.compareTo orders by UTF-16 unit and COLLATE "C" by UTF-8 byte: the same for the ASCII of stack ARNs.
    public static final Comparator<Claimant> ORDER =
            Comparator.comparing(Claimant::stackCreationTime).thenComparing(Claimant::stackId);

    private ClaimPrecedence() {
    }

    /** The winner among claims of one domain; empty when there are none. */
    public static <T extends Claimant> Optional<T> winner(Collection<T> claims) {
        return claims.stream().min(ORDER);
    }

    /** The winning claim of every domain in {@code claims}, by domain name in sorted order. */
    public static Map<String, DomainClaim> winners(Collection<DomainClaim> claims) {
        BinaryOperator<DomainClaim> earlier = BinaryOperator.minBy(ORDER);
        return Collections.unmodifiableMap(claims.stream()
                .collect(Collectors.toMap(DomainClaim::domainName, claim -> claim, earlier, TreeMap::new)));
    }
}
