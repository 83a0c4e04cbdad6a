package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimPrecedenceTest {

    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-02-01T00:00:00Z");
    private static final Instant T3 = Instant.parse("2024-03-01T00:00:00Z");

    private static DomainClaim claim(String stackId, Instant created) {
        return claim("shop.example.com", stackId, created);
    }

    private static DomainClaim claim(String domain, String stackId, Instant created) {
        return new DomainClaim(domain, "group-" + stackId, stackId, "name-" + stackId, created);
    }

    static Stream<Arguments> contests() {
        return Stream.of(
                Arguments.of("one claimant", List.of(claim("b", T2)), "b"),
                Arguments.of("earlier creation wins over smaller id", List.of(claim("a", T2), claim("z", T1)), "z"),
                Arguments.of("tie: smaller id wins", List.of(claim("stack-b", T1), claim("stack-a", T1)), "stack-a"),
                Arguments.of("tie: string order, not numeric", List.of(claim("stack-9", T1), claim("stack-10", T1)), "stack-10"),
                Arguments.of("tie: upper case sorts first, as in COLLATE \"C\"",
                        List.of(claim("arn:stack/alpha/1", T1), claim("arn:stack/Zeta/1", T1)), "arn:stack/Zeta/1"),
                Arguments.of("three claimants", List.of(claim("c", T3), claim("a", T2), claim("b", T2)), "a"),
                Arguments.of("three claimants, one much older", List.of(claim("a", T3), claim("b", T2), claim("c", T1)), "c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contests")
    void winner_isEarliestCreatedThenSmallestStackId(String scenario, List<DomainClaim> claims, String winner) {
        assertThat(ClaimPrecedence.winner(claims)).map(DomainClaim::stackId).contains(winner);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contests")
    void winner_doesNotDependOnInputOrder(String scenario, List<DomainClaim> claims, String winner) {
        List<DomainClaim> reversed = new ArrayList<>(claims);
        Collections.reverse(reversed);

        assertThat(ClaimPrecedence.winner(reversed)).map(DomainClaim::stackId).contains(winner);
    }

    @Test
    void winnerRemoved_nextEarliestTakesOver() {
        List<DomainClaim> claims = new ArrayList<>(List.of(claim("c", T3), claim("a", T1), claim("b", T2)));

        claims.removeIf(claim -> claim.stackId().equals(ClaimPrecedence.winner(claims).orElseThrow().stackId()));
        assertThat(ClaimPrecedence.winner(claims)).map(DomainClaim::stackId).contains("b");

        claims.removeIf(claim -> claim.stackId().equals("b"));
        assertThat(ClaimPrecedence.winner(claims)).map(DomainClaim::stackId).contains("c");
    }

    @Test
    void noClaims_noWinner() {
        assertThat(ClaimPrecedence.winner(List.<DomainClaim>of())).isEmpty();
    }

    @Test
    void winners_pickOneClaimPerDomain() {
        DomainClaim shopOld = claim("shop.example.com", "old", T1);
        DomainClaim shopNew = claim("shop.example.com", "new", T2);
        DomainClaim blogNew = claim("blog.example.com", "new", T2);
        DomainClaim blogTie = claim("blog.example.com", "another", T2);
        DomainClaim alone = claim("alone.example.com", "new", T3);

        Map<String, DomainClaim> winners = ClaimPrecedence.winners(List.of(shopNew, blogNew, alone, shopOld, blogTie));

        assertThat(winners).containsExactly(
                Map.entry("alone.example.com", alone),
                Map.entry("blog.example.com", blogTie),
                Map.entry("shop.example.com", shopOld));
    }

    @Test
    void order_sortsClaimsAsTheRegistrySqlDoes() {
        List<DomainClaim> claims = new ArrayList<>(List.of(claim("b", T2), claim("C", T2), claim("a", T3), claim("z", T1)));

        claims.sort(ClaimPrecedence.ORDER);

        assertThat(claims).extracting(DomainClaim::stackId).containsExactly("z", "C", "b", "a");
    }
}
