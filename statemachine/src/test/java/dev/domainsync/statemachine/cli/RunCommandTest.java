package dev.domainsync.statemachine.cli;

import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import dev.domainsync.statemachine.workflow.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code domain-sync run} against a separately started PostgreSQL (a fresh database on the tests' embedded
 * server, user and password in its JDBC URL) and snapshot files: what it prints, its exit status, and the table
 * it leaves.
 */
class RunCommandTest {

    private static final String PASSWORD = "s3cret-value";
    private static final Instant FIRST = SampleSnapshots.DEMO_NOW;
    private static final Instant SECOND = FIRST.plus(SampleSnapshots.BETWEEN_LISTINGS);
    private static final Instant LONG_AGO = FIRST.minus(Duration.ofDays(100));

    @TempDir
    Path dir;

    private final TestDatabase db = TestDatabases.migrated();

    @Test
    void firstRun_onAnEmptyDatabase_migratesIt_backfillsTheOraclesTable_andPrintsTheCounts() throws IOException {
        TestDatabase fresh = TestDatabases.empty();
        JsonNode account = SampleSnapshots.first(FIRST);
        List<Mapping> expected = ExpectedMappings.backfillTable(account);

        CliRun run = CliRun.execute("run", "--jdbc-url", url(fresh), "--stacks-snapshot", file("first", account),
                "--now", FIRST.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("status           SUCCEEDED")
                .contains("run              1, backfill (every live stack)\n")
                .contains(String.format("stacks listed    %,d (", account.get("Stacks").size()))
                .contains(String.format("mappings         +%,d inserted, ~0 updated, -0 deleted; %,d rows",
                        expected.size(), expected.size()))
                .contains("history          ");
        assertThat(run.err()).contains("execution local-" + FIRST.getEpochSecond() + "-")
                .doesNotContain("error:");
        assertThat(fresh.mappings()).containsExactlyElementsOf(expected);
    }

    @Test
    void incrementalRun_overAChangedSnapshotTwoDaysLater_endsWithTheOraclesTable() throws IOException {
        run("--stacks-snapshot", file("first", SampleSnapshots.first(FIRST)), "--now", FIRST.toString());
        JsonNode later = SampleSnapshots.second(SECOND);

        CliRun run = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", file("second", later),
                "--now", SECOND.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("run              2, incremental since " + FIRST.minus(Duration.ofHours(6)))
                .contains("changes:");
        assertThat(db.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(later));
    }

    @Test
    void backfillOption_afterAnEarlierRun_rereadsEveryStackAndChangesNothing() throws IOException {
        String stacks = file("two", twoStacks().json());
        run("--stacks-snapshot", stacks, "--now", FIRST.toString());

        CliRun run = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", stacks,
                "--now", SECOND.toString(), "--backfill");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("run              2, backfill (every live stack)\n")
                .contains("candidates       2 (every live distribution stack)")
                .contains("mappings         +0 inserted, ~0 updated, -0 deleted; 2 rows");
    }

    @Test
    void dryRun_printsTheChangesItWouldMake_andChangesNothing() throws IOException {
        run("--stacks-snapshot", file("two", twoStacks().json()), "--now", FIRST.toString());
        List<Mapping> before = db.mappings();
        String changed = file("changed", snapshot()
                .updated("a", LONG_AGO, SECOND.minusSeconds(60), "a.example.com", "g-moved")
                .live("c", SECOND.minusSeconds(60), "c.example.com", "g-c")
                .json());

        CliRun run = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", changed,
                "--now", SECOND.toString(), "--dry-run");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("DRY RUN (nothing applied)")
                .contains("changes it would make:")
                .contains("+ c.example.com -> g-c (c)")
                .contains("~ a.example.com: g-a (a) -> g-moved (a)")
                .contains("- b.example.com was g-b (b)");
        assertThat(db.mappings()).isEqualTo(before);
    }

    @Test
    void sinceOption_considersOnlyStacksChangedSinceThen() throws IOException {
        String stacks = file("old-and-new", snapshot()
                .live("old", LONG_AGO, "old.example.com", "g")
                .live("new", FIRST.minusSeconds(60), "new.example.com", "g")
                .json());

        CliRun run = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", stacks,
                "--now", FIRST.toString(), "--since", FIRST.minus(Duration.ofHours(1)).toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("run              1, since " + FIRST.minus(Duration.ofHours(1)))
                .contains("candidates       1 changed since then");
        assertThat(db.mappings()).extracting(Mapping::domainName).containsExactly("new.example.com");
    }

    @Test
    void reportOption_writesTheHistoryAsGetExecutionHistoryPrintsIt_andTheHtmlReport() throws IOException {
        Path reportDir = dir.resolve("report");

        CliRun run = run("--stacks-snapshot", file("two", twoStacks().json()), "--now", FIRST.toString(),
                "--report", reportDir.toString());

        assertThat(run.out()).contains("report           " + reportDir.resolve("report.html").toAbsolutePath());
        JsonNode history = Json.mapper().readTree(Files.readString(reportDir.resolve("history.json")));
        JsonNode events = history.get("events");
        assertThat(events.isArray()).isTrue();
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionSucceeded");
        assertThat(run.out()).contains(String.format("history          %,d events", events.size()));
        assertThat(Files.readString(reportDir.resolve("report.html")))
                .startsWithIgnoringCase("<!doctype html")
                .contains("PruneDeleted")
                .contains("a.example.com");
    }

    @Test
    void pruneGuard_failsWithTheErrorNameAndCauseOnStderr_andForceThenApplies() throws IOException {
        TestStacks many = snapshot();
        TestStacks mostGone = snapshot();
        for (int i = 0; i < 40; i++) {
            many.live("s" + i, LONG_AGO, "d" + i + ".example.com", "g");
            if (i < 20) {
                mostGone.live("s" + i, LONG_AGO, "d" + i + ".example.com", "g");
            }
        }
        run("--stacks-snapshot", file("many", many.json()), "--now", FIRST.toString());
        String gone = file("most-gone", mostGone.json());

        CliRun refused = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", gone,
                "--now", SECOND.toString());

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).contains("status           FAILED");
        assertThat(refused.err()).contains("error: dev.domainsync.registry.PruneGuardException")
                .containsPattern("cause: .*20 of 40");
        assertThat(db.mappings()).hasSize(40);

        CliRun forced = CliRun.execute("run", "--jdbc-url", url(db), "--stacks-snapshot", gone,
                "--now", SECOND.plusSeconds(60).toString(), "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("pruned           20 gone stacks' claims deleted");
        assertThat(db.mappings()).hasSize(20);
    }

    @Test
    void bidiAndZeroWidthCharactersInAGroupAndAStackName_areShownAsVisibleEscapes_onTheTerminalAndInTheReport()
            throws IOException {
        Path reportDir = dir.resolve("report");
        String stacks = file("hostile", snapshot()
                .live("shop\u202Egpj.exe", LONG_AGO, "shop.example.com", "g-\u202Elive\u200B").json());

        CliRun run = run("--stacks-snapshot", stacks, "--now", FIRST.toString(), "--report", reportDir.toString());

        assertThat(run.out()).contains("+ shop.example.com -> g-<U+202E>live<U+200B> (shop<U+202E>gpj.exe)");
        assertThat(run.out() + run.err()).doesNotContain("\u202E").doesNotContain("\u200B");
        String html = Files.readString(reportDir.resolve("report.html"));
        assertThat(html).contains("g-&lt;U+202E&gt;live&lt;U+200B&gt;").doesNotContain("\u202E")
                .doesNotContain("\u200B");
        assertThat(db.mappings()).extracting(Mapping::groupId).containsExactly("g-\u202Elive\u200B");
    }

    @Test
    void passwordInTheJdbcUrl_isNeverPrinted() throws IOException {
        CliRun run = run("--stacks-snapshot", file("two", twoStacks().json()), "--now", FIRST.toString());

        assertThat(run.printed()).doesNotContain(PASSWORD).contains("SUCCEEDED");
    }

    @Test
    void unreachableDatabase_exitsNonZeroNamingTheProblem_withoutPrintingThePassword() throws IOException {
        CliRun run = CliRun.execute("run", "--jdbc-url", CliRun.unreachableJdbcUrl(PASSWORD),
                "--stacks-snapshot", file("two", twoStacks().json()), "--now", FIRST.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("DatabaseUnavailableException");
        assertThat(run.printed()).doesNotContain(PASSWORD);
    }

    private CliRun run(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--jdbc-url";
        args[2] = url(db);
        System.arraycopy(options, 0, args, 3, options.length);
        CliRun run = CliRun.execute(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private static String url(TestDatabase database) {
        // The tests' server trusts local connections, so any password passes; what matters is where it shows.
        return database.jdbcUrl() + "&password=" + PASSWORD;
    }

    private String file(String name, JsonNode snapshot) throws IOException {
        Path path = dir.resolve(name + ".json");
        SampleSnapshots.write(snapshot, path);
        return path.toString();
    }

    private static TestStacks twoStacks() {
        return snapshot().live("a", LONG_AGO, "a.example.com", "g-a").live("b", LONG_AGO, "b.example.com", "g-b");
    }
}
