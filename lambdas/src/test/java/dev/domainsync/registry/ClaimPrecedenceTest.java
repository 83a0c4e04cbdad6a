package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.StackReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which of several claims on one domain wins, tested where the rule lives: the registry's SQL
 * ({@code ORDER BY stack_created_at, stack_id COLLATE "C"}), each claim applied as one stack's reading.
 */
class ClaimPrecedenceTest {

    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-02-01T00:00:00Z");
    private static final Instant T3 = Instant.parse("2024-03-01T00:00:00Z");

    private TestDatabase testDb;
    private PostgresStackEventRegistry registry;
    private int executions;

    /** One stack's claim on one domain. */
    record Claim(String domainName, String stackId, Instant created) {
    }

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        registry = new PostgresStackEventRegistry(testDb.database());
    }

    private static Claim claim(String stackId, Instant created) {
        return claim("shop.example.com", stackId, created);
    }

    private static Claim claim(String domain, String stackId, Instant created) {
        return new Claim(domain, stackId, created);
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
    void winner_isEarliestCreatedThenSmallestStackId(String scenario, List<Claim> claims, String winner) {
        claims.forEach(this::apply);

        assertThat(winnerOf("shop.example.com")).contains(winner);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contests")
    void winner_doesNotDependOnInputOrder(String scenario, List<Claim> claims, String winner) {
        List<Claim> reversed = new ArrayList<>(claims);
        Collections.reverse(reversed);

        reversed.forEach(this::apply);

        assertThat(winnerOf("shop.example.com")).contains(winner);
    }

    @Test
    void winnerRemoved_nextEarliestTakesOver() {
        List.of(claim("c", T3), claim("a", T1), claim("b", T2)).forEach(this::apply);

        remove(winnerOf("shop.example.com").orElseThrow());
        assertThat(winnerOf("shop.example.com")).contains("b");

        remove("b");
        assertThat(winnerOf("shop.example.com")).contains("c");
    }

    @Test
    void noClaims_noWinner() {
        assertThat(winnerOf("shop.example.com")).isEmpty();
    }

    @Test
    void winners_pickOneClaimPerDomain() {
        apply(claim("shop.example.com", "new", T2), claim("blog.example.com", "new", T2),
                claim("alone.example.com", "new", T3));
        apply(claim("shop.example.com", "old", T1));
        apply(claim("blog.example.com", "another", T2));

        assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::stackId).containsExactly(
                tuple("alone.example.com", "new"),
                tuple("blog.example.com", "another"),
                tuple("shop.example.com", "old"));
    }

    @Test
    void order_sortsClaimsAsTheRegistrySqlDoes() {
        List.of(claim("b", T2), claim("C", T2), claim("a", T3), claim("z", T1)).forEach(this::apply);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String winner = winnerOf("shop.example.com").orElseThrow();
            order.add(winner);
            remove(winner);
        }

        assertThat(order).containsExactly("z", "C", "b", "a");
    }

    /** One stack's reading holding {@code claims} (all of one stack, created at the first one's time). */
    private void apply(Claim... claims) {
        Claim first = claims[0];
        StackExtract extract = StackExtract.claims(new CandidateStack(first.stackId(), "name-" + first.stackId(),
                first.created(), null), "group-" + first.stackId(),
                Stream.of(claims).map(Claim::domainName).toList(), List.of());
        registry.applyStack(StackReading.claims(extract, "CREATE_COMPLETE", first.created()), nextExecution());
    }

    private void remove(String stackId) {
        registry.applyStack(StackReading.gone(stackId, "name-" + stackId, "DELETE_COMPLETE", StackReading.DELETED),
                nextExecution());
    }

    private String nextExecution() {
        return "exec-" + ++executions;
    }

    private Optional<String> winnerOf(String domain) {
        return testDb.mappings().stream().filter(mapping -> mapping.domainName().equals(domain))
                .map(Mapping::stackId).findFirst();
    }
}
