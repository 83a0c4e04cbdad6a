package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The winner rule of {@link ClaimsAndMappings}' SQL: the earliest created stack, ties to the smaller stack id. */
class ClaimsAndMappingsTest extends RegistryScenarios {

    @Nested
    class Winners {

        @Test
        void earliestCreatedStackWins_andTheLoserTakesOverWhenTheWinnerGoes() {
            syncAll(stack("late", 5, "g-late", "x.example.com"), stack("early", 2, "g-early", "x.example.com"));
            assertThat(mappings()).containsExactly(mapping("x.example.com", "g-early", "early"));

            RunReport report = sync(SCHEDULED, List.of(arn("late")), List.of(arn("early")));

            assertThat(report.changes()).containsExactly(new MappingChange("x.example.com", Action.UPDATE,
                    "g-early", "g-late", arn("early"), arn("late"), "early", "late"));
            assertThat(mappings()).containsExactly(mapping("x.example.com", "g-late", "late"));
            assertThat(claims()).containsExactly(new Claim(arn("late"), "x.example.com", "g-late"));
        }

        @Test
        void sameCreationTime_smallerStackIdInByteOrderWins_whateverTheColumnCollation() {
            // Under a case-insensitive collation "alpha" sorts before "Zeta"; in byte order, as in Java, "Z" < "a".
            execute("ALTER TABLE domain_claims ALTER COLUMN stack_id TYPE text COLLATE \"en-US-x-icu\"");

            syncAll(stack("alpha", 1, "g-alpha", "x.example.com"), stack("Zeta", 1, "g-zeta", "x.example.com"));

            assertThat(arn("Zeta")).isLessThan(arn("alpha"));
            assertThat(mappings()).containsExactly(mapping("x.example.com", "g-zeta", "Zeta"));
        }

        @Test
        void randomClaims_winnersMatchTheJavaPrecedenceBeforeAndAfterStacksGo() {
            Random random = new Random(20260301);
            List<StackExtract> stacks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = randomName(random) + i;
                String[] domains = random.ints(1 + random.nextInt(6), 0, 40)
                        .mapToObj(d -> "d" + d + ".example.com").distinct().toArray(String[]::new);
                stacks.add(stack(name, random.nextInt(4), "g" + random.nextInt(5), domains));
            }
            assertThat(stacks.stream().mapToInt(stack -> stack.domains().size()).sum()).isBetween(150, 250);

            syncAll(stacks.toArray(StackExtract[]::new));
            assertThat(mappings()).isEqualTo(expectedWinners(stacks));

            List<StackExtract> survivors = stacks.stream().filter(stack -> random.nextInt(3) > 0).toList();
            sync(new ExecutionInput(null, false, false, true, null),
                    survivors.stream().map(StackExtract::stackId).toList(), List.of());
            assertThat(mappings()).isEqualTo(expectedWinners(survivors));
        }

        private static String randomName(Random random) {
            String letters = "abcXYZ-";
            return random.ints(3, 0, letters.length()).mapToObj(i -> String.valueOf(letters.charAt(i)))
                    .collect(Collectors.joining());
        }

        /** The sync rules' precedence in plain Java: earliest creation, then the smaller stack id. */
        private static List<Mapping> expectedWinners(List<StackExtract> stacks) {
            Comparator<StackExtract> precedence = Comparator.comparing(StackExtract::creationTime)
                    .thenComparing(StackExtract::stackId);
            Map<String, StackExtract> winners = new TreeMap<>();
            for (StackExtract stack : stacks) {
                for (String domain : stack.domains()) {
                    winners.merge(domain, stack, (a, b) -> precedence.compare(a, b) <= 0 ? a : b);
                }
            }
            return winners.entrySet().stream()
                    .map(winner -> new Mapping(winner.getKey(), winner.getValue().groupId(),
                            winner.getValue().stackId(), winner.getValue().stackName()))
                    .toList();
        }
    }
}
