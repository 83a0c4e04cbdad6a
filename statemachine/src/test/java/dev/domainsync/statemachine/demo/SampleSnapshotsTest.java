package dev.domainsync.statemachine.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import dev.domainsync.statemachine.oracle.ExpectedMappings.Claim;
import dev.domainsync.statemachine.oracle.ExpectedMappings.Row;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's generated account: the same every time, and holding every case the rules, the demo and the workflow tests
 * rely on.
 *
 * <p>Long because it is one table of properties of one generated account, built once: each test is one property.
 */
class SampleSnapshotsTest {

    private static final Instant FIRST_NOW = SampleSnapshots.DEMO_NOW;
    private static final Instant SECOND_NOW = FIRST_NOW.plus(SampleSnapshots.BETWEEN_LISTINGS);
    private static final JsonNode FIRST = SampleSnapshots.first(FIRST_NOW);
    private static final JsonNode SECOND = SampleSnapshots.second(SECOND_NOW);

    private static final Set<String> LIVE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
    private static final Pattern DISTRIBUTION = Pattern.compile("(?i)cloudfront");
    private static final Pattern STACK_ID = Pattern.compile("arn:aws:cloudformation:us-east-1:123456789012:stack/"
            + "([A-Za-z][-A-Za-z0-9]*)/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void sameArguments_giveIdenticalJson() {
        assertThat(SampleSnapshots.toJson(SampleSnapshots.first(FIRST_NOW))).isEqualTo(SampleSnapshots.toJson(FIRST));
        assertThat(SampleSnapshots.toJson(SampleSnapshots.second(SECOND_NOW)))
                .isEqualTo(SampleSnapshots.toJson(SECOND));
        assertThat(SampleSnapshots.toJson(LargeListing.snapshot(500, FIRST_NOW)))
                .isEqualTo(SampleSnapshots.toJson(LargeListing.snapshot(500, FIRST_NOW)));
    }

    @Test
    void anotherNow_shiftsTheTimesButKeepsTheStacks() {
        JsonNode later = SampleSnapshots.first(FIRST_NOW.plus(Duration.ofDays(100)));

        assertThat(stacks(later)).extracting(s -> s.path("StackId").asText())
                .containsExactlyElementsOf(stacks(FIRST).stream().map(s -> s.path("StackId").asText()).toList());
        assertThat(time(stacks(later).get(0), "CreationTime"))
                .isEqualTo(time(stacks(FIRST).get(0), "CreationTime").plus(Duration.ofDays(100)));
    }

    @Test
    void write_savesTheJsonThatReadsBackAsTheSameTree(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stacks.json");

        SampleSnapshots.write(FIRST, file);

        assertThat(Json.mapper().readTree(file.toFile())).isEqualTo(FIRST);
        assertThat(Files.readString(file)).startsWith("{\n    \"Stacks\": [\n        {\n            \"StackId\": ");
    }

    @Test
    void first_holdsAFewHundredStacksInEveryStatusTheRulesDistinguish() {
        Map<String, Long> byStatus = stacks(FIRST).stream()
                .collect(Collectors.groupingBy(s -> s.path("StackStatus").asText(), Collectors.counting()));

        assertThat(stacks(FIRST)).hasSizeBetween(250, 400);
        assertThat(byStatus.get("CREATE_COMPLETE") + byStatus.get("UPDATE_COMPLETE"))
                .isGreaterThan(stacks(FIRST).size() * 7 / 10);
        assertThat(byStatus).containsEntry("CREATE_IN_PROGRESS", 1L).containsEntry("UPDATE_IN_PROGRESS", 1L);
        assertThat(byStatus.get("UPDATE_ROLLBACK_COMPLETE")).isGreaterThanOrEqualTo(3);
        assertThat(byStatus.get("IMPORT_COMPLETE")).isGreaterThanOrEqualTo(2);
        assertThat(byStatus.get("IMPORT_ROLLBACK_COMPLETE")).isGreaterThanOrEqualTo(1);
        assertThat(byStatus.get("ROLLBACK_COMPLETE")).isGreaterThanOrEqualTo(1);
        assertThat(byStatus.get("DELETE_FAILED")).isGreaterThanOrEqualTo(1);
        assertThat(byStatus.get("DELETE_COMPLETE")).isGreaterThanOrEqualTo(5);
    }

    @Test
    void first_givesDeletionTimeToDeletedStacksOnly() {
        for (JsonNode stack : stacks(FIRST)) {
            boolean deleted = stack.path("StackStatus").asText().equals("DELETE_COMPLETE");
            assertThat(stack.has("DeletionTime")).as(stack.path("StackName").asText()).isEqualTo(deleted);
        }
    }

    @Test
    void first_spreadsRealisticTimesOverTheYearBeforeNow() {
        for (JsonNode stack : stacks(FIRST)) {
            Instant created = time(stack, "CreationTime");
            assertThat(created).isBetween(FIRST_NOW.minus(Duration.ofDays(366)), FIRST_NOW);
            for (String later : List.of("LastUpdatedTime", "DeletionTime")) {
                if (stack.has(later)) {
                    assertThat(time(stack, later)).isBetween(created, FIRST_NOW);
                }
            }
        }
        assertThat(stacks(FIRST)).allSatisfy(s -> assertThat(s.path("CreationTime").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void first_usesUniqueRealArnsNamedAfterTheirStacks() {
        Set<String> ids = new HashSet<>();
        for (JsonNode stack : stacks(FIRST)) {
            String id = stack.path("StackId").asText();
            assertThat(id).matches(STACK_ID);
            assertThat(id).contains("/" + stack.path("StackName").asText() + "/");
            assertThat(ids.add(id)).as("unique " + id).isTrue();
        }
    }

    @Test
    void first_isMostlyDistributionsAndHasOtherStacksToIgnore() {
        List<JsonNode> others = stacks(FIRST).stream().filter(s -> !isDistribution(s)).toList();

        assertThat(stacks(FIRST).size() - others.size()).isGreaterThan(stacks(FIRST).size() * 7 / 10);
        assertThat(others).hasSizeGreaterThanOrEqualTo(20);
        assertThat(others).filteredOn(s -> s.path("Description").asText().contains("VPC")).hasSizeGreaterThan(3);
        assertThat(others).filteredOn(s -> s.path("Description").asText().contains("pipeline")).hasSizeGreaterThan(3);
        assertThat(others).filteredOn(s -> s.has("ParentId") && s.has("RootId")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(others).filteredOn(s -> !s.has("Description")).isNotEmpty();
        assertThat(others).filteredOn(s -> parameter(s, "CustomDomainName").isPresent()
                && parameter(s, "GroupId").isPresent()).isNotEmpty();
        assertThat(stacks(FIRST)).filteredOn(s -> s.has("ParentId"))
                .allSatisfy(s -> assertThat(ids(FIRST)).contains(s.path("ParentId").asText(),
                        s.path("RootId").asText()));
    }

    @Test
    void first_domainParametersCoverEveryCaseOfTheRules() {
        List<JsonNode> distributions = stacks(FIRST).stream().filter(SampleSnapshotsTest::isDistribution).toList();
        List<String> values = distributions.stream().map(s -> parameter(s, "CustomDomainName"))
                .flatMap(Optional::stream).toList();
        List<String> items = values.stream().flatMap(v -> Arrays.stream(v.split(",", -1))).toList();

        assertThat(values).filteredOn(v -> v.contains(",")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(values).filteredOn(v -> v.contains(", ")).isNotEmpty();
        assertThat(values).filteredOn(v -> v.contains(",,") || v.contains(", ,")).isNotEmpty();
        assertThat(items).filteredOn(i -> !i.equals(i.toLowerCase())).isNotEmpty();
        assertThat(items).filteredOn(i -> i.trim().endsWith(".")).isNotEmpty();
        assertThat(items).filteredOn(i -> i.chars().anyMatch(c -> c > 127)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(items).filteredOn(i -> i.trim().startsWith("*.")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(items).filteredOn(i -> i.contains("_")).isNotEmpty();
        assertThat(items).filteredOn(i -> i.contains("http://") || i.contains("https://")).isNotEmpty();
        assertThat(items).filteredOn(i -> !i.isBlank() && !i.trim().contains(".")).isNotEmpty();
        assertThat(items).filteredOn(i -> Arrays.stream(i.trim().split("\\.")).anyMatch(l -> l.length() == 64))
                .isNotEmpty();
        assertThat(distributions).filteredOn(s -> parameter(s, "CustomDomainName").isEmpty()).isNotEmpty();
        assertThat(values).filteredOn(String::isBlank).isNotEmpty();
        assertThat(values).filteredOn(v -> !v.isBlank() && v.replace(",", "").isBlank()).isNotEmpty();
        assertThat(distributions).filteredOn(s -> parameter(s, "GroupId").isEmpty()).isNotEmpty();
        assertThat(distributions).filteredOn(s -> parameter(s, "GroupId").filter(String::isBlank).isPresent())
                .isNotEmpty();
        assertThat(distributions).filteredOn(s -> parameter(s, "GroupId").filter(g -> g.trim().length() > 255)
                .isPresent()).isNotEmpty();
    }

    @Test
    void first_claimsOnlyDomainsUnderTheExampleZones() {
        List<String> domains = stacks(FIRST).stream().map(s -> parameter(s, "CustomDomainName"))
                .flatMap(Optional::stream).flatMap(v -> Arrays.stream(v.split(",")))
                .map(ExpectedMappings::validDomain).flatMap(Optional::stream).toList();

        assertThat(domains).hasSizeGreaterThan(250)
                .allSatisfy(d -> assertThat(d).matches(".*\\.example\\.(com|net|org|test)"));
        assertThat(domains).filteredOn(d -> d.contains("xn--")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void first_hasConflictsOfTwoAndThreeClaimantsAndATie() {
        Map<String, List<Claim>> contested = contested(ExpectedMappings.claims(FIRST));

        assertThat(contested).hasSizeGreaterThanOrEqualTo(3);
        assertThat(contested.values()).anySatisfy(rivals -> assertThat(rivals).hasSize(3));
        assertThat(contested.values()).anySatisfy(rivals -> assertThat(rivals).hasSize(2)
                .extracting(Claim::creationTime).doesNotHaveDuplicates());
        assertThat(contested.values()).anySatisfy(rivals -> assertThat(rivals).hasSize(2)
                .extracting(Claim::creationTime).containsOnly(rivals.get(0).creationTime()));
    }

    @Test
    void second_createsADozenStacksAndReCreatesOneUnderItsOldName() {
        Map<String, JsonNode> before = byId(FIRST);
        Set<String> namesBefore = before.values().stream().map(s -> s.path("StackName").asText())
                .collect(Collectors.toSet());
        List<JsonNode> created = stacks(SECOND).stream().filter(s -> !before.containsKey(id(s))).toList();
        List<JsonNode> recreated = created.stream().filter(s -> namesBefore.contains(s.path("StackName").asText()))
                .toList();

        assertThat(created).hasSize(13).allSatisfy(s -> {
            assertThat(s.path("StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
            assertThat(time(s, "CreationTime")).isBetween(FIRST_NOW, SECOND_NOW);
        });
        assertThat(recreated).hasSize(1);
        JsonNode successor = recreated.get(0);
        JsonNode predecessor = byId(SECOND).values().stream()
                .filter(s -> s.path("StackName").equals(successor.path("StackName")) && !s.equals(successor))
                .findFirst().orElseThrow();
        assertThat(id(predecessor)).isNotEqualTo(id(successor));
        assertThat(predecessor.path("StackStatus").asText()).isEqualTo("DELETE_COMPLETE");
        assertThat(time(predecessor, "DeletionTime")).isBefore(time(successor, "CreationTime"));
        assertThat(parameter(successor, "CustomDomainName")).isEqualTo(parameter(predecessor, "CustomDomainName"));
    }

    @Test
    void second_updatesADozenStacksInEveryWay() {
        Map<String, JsonNode> before = byId(FIRST);
        List<JsonNode[]> updated = new ArrayList<>();
        for (JsonNode after : stacks(SECOND)) {
            JsonNode earlier = before.get(id(after));
            if (earlier != null && !after.path("LastUpdatedTime").equals(earlier.path("LastUpdatedTime"))) {
                updated.add(new JsonNode[] {earlier, after});
            }
        }

        assertThat(updated).hasSize(12).allSatisfy(pair -> {
            assertThat(pair[1].path("StackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
            assertThat(time(pair[1], "LastUpdatedTime")).isBetween(FIRST_NOW, SECOND_NOW);
        });
        assertThat(updated).filteredOn(changed("GroupId")).hasSize(3)
                .allSatisfy(pair -> assertThat(changed("CustomDomainName").test(pair)).isFalse());
        List<JsonNode[]> domainChanges = updated.stream().filter(changed("CustomDomainName")).toList();
        assertThat(domainChanges).hasSize(9);
        assertThat(domainChanges).filteredOn(pair -> items(pair[1]).size() > items(pair[0]).size()
                && items(pair[1]).containsAll(items(pair[0]))).hasSize(3);
        assertThat(domainChanges).filteredOn(pair -> items(pair[1]).size() < items(pair[0]).size()
                && items(pair[0]).containsAll(items(pair[1]))).hasSize(3);
        assertThat(domainChanges).filteredOn(pair -> items(pair[1]).size() == 1 && items(pair[0]).size() == 1)
                .hasSize(3);
    }

    @Test
    void second_deletesSomeStacksAndLosesOthersFromTheListing() {
        Map<String, JsonNode> after = byId(SECOND);
        List<JsonNode> liveBefore = stacks(FIRST).stream().filter(SampleSnapshotsTest::isLive).toList();
        List<JsonNode> vanished = stacks(FIRST).stream().filter(s -> !after.containsKey(id(s))).toList();

        assertThat(liveBefore).filteredOn(s -> after.containsKey(id(s))
                && after.get(id(s)).path("StackStatus").asText().equals("DELETE_COMPLETE"))
                .hasSize(6) // four plain deletions, the re-created stack's predecessor, a conflict's winner
                .allSatisfy(s -> assertThat(time(after.get(id(s)), "DeletionTime")).isBetween(FIRST_NOW, SECOND_NOW));
        assertThat(vanished).filteredOn(SampleSnapshotsTest::isLive).hasSize(2);
        assertThat(vanished).filteredOn(s -> s.path("StackStatus").asText().equals("DELETE_COMPLETE")).hasSize(1);
        assertThat(vanished).hasSize(3);
    }

    @Test
    void second_completesTheStacksThatWereInProgressAndLeavesMostAlone() {
        Map<String, JsonNode> after = byId(SECOND);
        List<JsonNode> inProgress = stacks(FIRST).stream()
                .filter(s -> s.path("StackStatus").asText().endsWith("_IN_PROGRESS")).toList();

        assertThat(inProgress).hasSize(2).allSatisfy(s -> assertThat(after.get(id(s)).path("StackStatus").asText())
                .isEqualTo(s.path("StackStatus").asText().replace("_IN_PROGRESS", "_COMPLETE")));
        assertThat(stacks(FIRST)).filteredOn(s -> s.equals(after.get(id(s)))).hasSizeGreaterThan(250);
    }

    @Test
    void second_handsAConflictToTheNextClaimantWhenTheWinnerIsDeleted() {
        Map<String, Row> before = ExpectedMappings.backfill(FIRST);
        Map<String, Row> after = ExpectedMappings.backfill(SECOND);
        Map<String, JsonNode> secondById = byId(SECOND);
        Map<String, JsonNode> firstById = byId(FIRST);

        List<String> handedOver = before.keySet().stream()
                .filter(d -> after.containsKey(d) && !after.get(d).stackId().equals(before.get(d).stackId()))
                .filter(d -> firstById.containsKey(after.get(d).stackId()))
                .toList();

        assertThat(handedOver).hasSize(1).allSatisfy(d -> assertThat(
                secondById.get(before.get(d).stackId()).path("StackStatus").asText()).isEqualTo("DELETE_COMPLETE"));
    }

    @Test
    void second_keepsTheReCreatedStacksDomainUnderItsNewStackId() {
        Map<String, Row> before = ExpectedMappings.backfill(FIRST);
        Map<String, Row> after = ExpectedMappings.backfill(SECOND);

        assertThat(before.keySet()).filteredOn(d -> after.containsKey(d)
                && after.get(d).stackName().equals(before.get(d).stackName())
                && !after.get(d).stackId().equals(before.get(d).stackId())).hasSize(1);
    }

    @Test
    void second_removesFarFewerMappingsThanThePruneGuardAllows() {
        Map<String, Row> before = ExpectedMappings.backfill(FIRST);
        Map<String, Row> after = ExpectedMappings.backfill(SECOND);
        long removed = before.keySet().stream().filter(d -> !after.containsKey(d)).count();
        Map<String, JsonNode> secondById = byId(SECOND);
        Set<String> goneStacks = stacks(FIRST).stream().map(SampleSnapshotsTest::id)
                .filter(id -> !secondById.containsKey(id)
                        || secondById.get(id).path("StackStatus").asText().equals("DELETE_COMPLETE"))
                .collect(Collectors.toSet());
        long claimsOfGoneStacks = ExpectedMappings.claims(FIRST).stream()
                .filter(c -> goneStacks.contains(c.stackId())).count();

        assertThat(removed).isPositive().isLessThan(before.size() / 10);
        assertThat(claimsOfGoneStacks).isPositive().isLessThan(before.size() / 10);
        assertThat(after.size()).isGreaterThan(before.size());
    }

    @Test
    void second_hasNoStackWhoseEarlierClaimsOnlyAnIncrementalRunWouldKeep() {
        Map<String, JsonNode> after = byId(SECOND);
        Set<String> claimantsAfter = ExpectedMappings.claims(SECOND).stream().map(Claim::stackId)
                .collect(Collectors.toSet());

        assertThat(ExpectedMappings.claims(FIRST).stream().map(Claim::stackId).distinct()).allSatisfy(id ->
                assertThat(!after.containsKey(id)
                        || after.get(id).path("StackStatus").asText().equals("DELETE_COMPLETE")
                        || claimantsAfter.contains(id)).as(id).isTrue());
    }

    @Test
    void large_buildsTenThousandStacksInWellUnderASecondOfCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();

        JsonNode large = LargeListing.snapshot(10_000, FIRST_NOW);

        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuStart);
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        System.out.printf("large(10_000): %d ms CPU, %d ms wall%n", cpu.toMillis(), wall.toMillis());
        assertThat(cpu).isLessThan(Duration.ofSeconds(20));
        assertThat(stacks(large)).hasSize(10_000);
        assertThat(stacks(large)).filteredOn(SampleSnapshotsTest::isDistribution).hasSizeGreaterThan(9_000);
        assertThat(stacks(large)).filteredOn(s -> s.path("StackStatus").asText().equals("DELETE_COMPLETE"))
                .hasSizeBetween(100, 600);
        assertThat(new HashSet<>(ids(large))).hasSize(10_000);
        List<Claim> claims = ExpectedMappings.claims(large);
        assertThat(contested(claims)).hasSizeGreaterThan(100);
        assertThat(claims.stream().map(Claim::stackId).collect(Collectors.groupingBy(id -> id,
                Collectors.counting())).values()).contains(1L, 2L, 3L);
        assertThat(ExpectedMappings.backfill(large)).hasSizeGreaterThan(15_000);
    }

    private static List<JsonNode> stacks(JsonNode snapshot) {
        return StreamSupport.stream(snapshot.path("Stacks").spliterator(), false).toList();
    }

    private static Map<String, JsonNode> byId(JsonNode snapshot) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        stacks(snapshot).forEach(s -> byId.put(id(s), s));
        return byId;
    }

    private static List<String> ids(JsonNode snapshot) {
        return stacks(snapshot).stream().map(SampleSnapshotsTest::id).toList();
    }

    private static String id(JsonNode stack) {
        return stack.path("StackId").asText();
    }

    private static Instant time(JsonNode stack, String field) {
        return Instant.parse(stack.path(field).asText());
    }

    private static boolean isDistribution(JsonNode stack) {
        return DISTRIBUTION.matcher(stack.path("Description").asText()).find();
    }

    private static boolean isLive(JsonNode stack) {
        return LIVE.contains(stack.path("StackStatus").asText());
    }

    private static Optional<String> parameter(JsonNode stack, String key) {
        return stacksParameters(stack).stream().filter(p -> p.path("ParameterKey").asText().equals(key))
                .map(p -> p.path("ParameterValue").asText()).findFirst();
    }

    private static List<JsonNode> stacksParameters(JsonNode stack) {
        return StreamSupport.stream(stack.path("Parameters").spliterator(), false).toList();
    }

    private static List<String> items(JsonNode stack) {
        return Arrays.asList(parameter(stack, "CustomDomainName").orElseThrow().split(","));
    }

    private static Predicate<JsonNode[]> changed(String parameterKey) {
        return pair -> !parameter(pair[0], parameterKey).equals(parameter(pair[1], parameterKey));
    }

    private static Map<String, List<Claim>> contested(List<Claim> claims) {
        return claims.stream().collect(Collectors.groupingBy(Claim::domainName)).entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
