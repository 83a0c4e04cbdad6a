package dev.domainsync.statemachine.cli;

import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.workflow.TestStacks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code domain-sync compare} through the command line's entry point, against a database that holds the application's
 * own hand-kept table ({@code app_domains}) beside domain-sync's schema: what it prints, writes and exits with.
 */
class CompareCommandTest {

    private static final String QUERY = "SELECT host, team FROM app_domains";
    private static final Instant LONG_AGO = SampleSnapshots.DEMO_NOW.minus(Duration.ofDays(100));

    @TempDir
    Path dir;

    private final TestDatabase db = TestDatabases.migrated();

    @BeforeEach
    void createTheApplicationsTable() throws SQLException {
        execute("CREATE TABLE app_domains (host text, team text)");
    }

    @Test
    void sameDomainsAndGroups_identical_exit0() throws Exception {
        existing("a.example.com", "g-a", "b.example.com", "g-b");

        CliRun run = compare(twoStacks());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("agree                        2")
                .contains("differ in group              0")
                .contains("only in the existing table   0")
                .contains("only from the stacks         0")
                .contains("result           identical")
                .containsPattern("a\\.example\\.com +group 'g-a'  stack a \\(arn:aws:cloudformation:.*/a/");
        assertThat(db.mappings()).as("a dry run changes nothing").isEmpty();
        assertThat(db.count("SELECT count(*) FROM sync_runs WHERE status = 'DRY_RUN' AND mode = 'BACKFILL'"))
                .isEqualTo(1);
    }

    @Test
    void manualNamesInAnotherCaseWithATrailingDot_normalisedByTheRules_agree() throws Exception {
        existing("Shop.Example.COM.", " g-shop ", "  b.EXAMPLE.com", "g-b");

        CliRun run = compare(snapshot().live("shop", LONG_AGO, "shop.example.com", "g-shop")
                .live("b", LONG_AGO, "b.example.com", "g-b"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("agree                        2").contains("result           identical");
    }

    @Test
    void everyKindOfDifference_countedFirstThenListedWithStackAndReason_exit1() throws Exception {
        existing("a.example.com", "g-a",
                "b.example.com", "g-old",
                "skip.example.com", "g-s",
                "gone.example.com", "g-z",
                "shop_example.com", "g-n");
        TestStacks stacks = snapshot()
                .live("a", LONG_AGO, "a.example.com", "g-a")
                .live("b", LONG_AGO, "b.example.com", "g-b")
                .live("c", LONG_AGO, "c.example.com", "g-c")
                .live("nogroup", LONG_AGO, "skip.example.com", null);

        CliRun run = compare(stacks);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        String out = run.out();
        assertThat(out).contains("existing table   5 rows")
                .contains("stacks' table    3 domains")
                .contains("agree                        1")
                .contains("differ in group              1")
                .contains("only in the existing table   3")
                .contains("only from the stacks         1")
                .contains("result           different");
        assertThat(out.indexOf("only from the stacks         1")).isLessThan(out.indexOf("differ in group (1):"));
        assertThat(section(out, "differ in group (1):")).containsExactly(
                "b.example.com                            existing 'g-old', stacks 'g-b'  stack b ("
                        + TestStacks.id("b", 1) + ")");
        assertThat(section(out, "only in the existing table (3):")).containsExactly(
                "gone.example.com                         group 'g-z'  no live distribution stack claims it",
                "shop_example.com                         group 'g-n'  not a valid domain under the rules: invalid"
                        + " character '_'",
                "skip.example.com                         group 'g-s'  stack nogroup (" + TestStacks.id("nogroup", 1)
                        + ") names it but was skipped: MISSING_GROUP_PARAMETER");
        assertThat(section(out, "only from the stacks (1):")).containsExactly(
                "c.example.com                            group 'g-c'  stack c (" + TestStacks.id("c", 1) + ")");
        assertThat(section(out, "agree (1):")).hasSize(1);
    }

    @Test
    void moreDomainsThanTheRunReportCarries_comparedInFull() throws Exception {
        TestStacks stacks = snapshot();
        Object[] rows = new Object[2 * 250];
        for (int i = 0; i < 250; i++) {
            stacks.live("s" + i, LONG_AGO.plusSeconds(i), "d" + i + ".example.com", "g");
            rows[2 * i] = "d" + i + ".example.com";
            rows[2 * i + 1] = i == 249 ? "other" : "g";
        }
        existing(rows);

        CliRun run = compare(stacks);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("stacks' table    250 domains")
                .contains("agree                        249")
                .contains("differ in group              1")
                .contains("only from the stacks         0");
        assertThat(section(run.out(), "differ in group (1):")).singleElement().asString()
                .startsWith("d249.example.com ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DELETE FROM app_domains|--existing-query must be a SELECT (domain, group FROM ...), not \"DELETE FROM app_domains\"",
        "SELECT host, team FROM app_domains; DELETE FROM app_domains|--existing-query must be one SELECT statement, not 2",
        "SELECT host FROM app_domains|--existing-query must return two columns (domain, group), not 1 (host)",
        "SELECT host, team FROM nowhere|--existing-query failed: ERROR: relation \"nowhere\" does not exist",
        "SELECT host, team FROM app_domains FOR UPDATE|--existing-query failed: ERROR: cannot execute SELECT FOR UPDATE in a read-only transaction",
        "'   '|--existing-query must be one SELECT statement, not 0"})
    void queryThatIsNotOneReadOnlySelectOfTwoColumns_exit2WithOneClearLine(String query, String message)
            throws Exception {
        existing("a.example.com", "g-a");

        CliRun run = CliRun.execute("compare", "--jdbc-url", db.jdbcUrl(), "--existing-query", query,
                "--stacks-snapshot", file(twoStacks()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("domain-sync compare: " + message + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(db.count("SELECT count(*) FROM public.app_domains")).isEqualTo(1);
    }

    @Test
    void unreachableDatabase_noComparison_exit3_withoutPrintingThePassword() throws Exception {
        CliRun run = CliRun.execute("compare", "--jdbc-url", CliRun.unreachableJdbcUrl("s3cret-value"),
                "--existing-query", QUERY, "--stacks-snapshot", file(twoStacks()));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("DatabaseUnavailableException");
        assertThat(run.printed()).doesNotContain("s3cret-value");
    }

    @Test
    void withoutExistingQuery_usageError_exit2() throws Exception {
        CliRun run = CliRun.execute("compare", "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot", file(twoStacks()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--existing-query=SQL'");
    }

    @Test
    void reportOption_writesTheCsvTheHtmlComparisonAndTheHistory_withHostileValuesNeutralised() throws Exception {
        existing("a.example.com", "=HYPERLINK(\"http://evil.example\",\"x\")",
                "\u202Emoc.elpmaxe.b", "+1",
                "@sum.example.com", "-2",
                "c.example.com", "g, \"quoted\"",
                "lines.example.com", "first\nsecond");
        TestStacks stacks = snapshot()
                .live("a", LONG_AGO, "a.example.com", "g-\u202Eevil")
                .live("c", LONG_AGO, "c.example.com", "g, \"quoted\"");
        Path reportDir = dir.resolve("report");

        CliRun run = compare(stacks, "--report", reportDir.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<String> csv = List.of(Files.readString(reportDir.resolve("compare.csv"), StandardCharsets.UTF_8)
                .split("\r\n"));
        assertThat(csv).containsExactly(
                "domain,status,existing_group,stack_group,stack_id,stack_name,reason",
                "c.example.com,agree,\"g, \"\"quoted\"\"\",\"g, \"\"quoted\"\"\"," + TestStacks.id("c", 1) + ",c,",
                "a.example.com,different-group,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",g-\u202Eevil,"
                        + TestStacks.id("a", 1) + ",a,",
                "'@sum.example.com,only-existing,'-2,,,,not a valid domain under the rules: invalid character '@'",
                "lines.example.com,only-existing,\"first\nsecond\",,,,no live distribution stack claims it",
                "\u202Emoc.elpmaxe.b,only-existing,'+1,,,,not a valid domain under the rules: not a valid"
                        + " internationalised name");
        String html = Files.readString(reportDir.resolve("report.html"));
        assertThat(html).contains("The existing table beside the stacks", "differ in group (1)",
                        "only in the existing table (3)", "g-&lt;U+202E&gt;evil", "&lt;U+202E&gt;moc.elpmaxe.b",
                        "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)")
                .doesNotContain("\u202E");
        JsonNode history = Json.mapper().readTree(Files.readString(reportDir.resolve("history.json")));
        assertThat(history.get("events").get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(run.out() + run.err()).doesNotContain("\u202E")
                .contains("existing '=HYPERLINK(\"http://evil.example\",\"x\")', stacks 'g-<U+202E>evil'")
                .contains("<U+202E>moc.elpmaxe.b")
                .contains("group 'first<U+000A>second'")
                .contains("csv              " + reportDir.resolve("compare.csv").toAbsolutePath());
    }

    private CliRun compare(TestStacks stacks, String... more) throws IOException {
        String[] args = new String[6 + more.length];
        args[0] = "compare";
        args[1] = "--jdbc-url";
        args[2] = db.jdbcUrl();
        args[3] = "--existing-query";
        args[4] = QUERY;
        args[5] = "--stacks-snapshot=" + file(stacks);
        System.arraycopy(more, 0, args, 6, more.length);
        return CliRun.execute(args);
    }

    /** The indented lines under {@code heading}, up to the next blank line. */
    private static List<String> section(String out, String heading) {
        int start = out.indexOf(heading + System.lineSeparator());
        assertThat(start).as("heading %s in%n%s", heading, out).isNotNegative();
        String rest = out.substring(start + heading.length() + System.lineSeparator().length());
        return rest.lines().takeWhile(line -> line.startsWith("  ")).map(String::strip).toList();
    }

    private void existing(Object... hostsAndTeams) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO app_domains VALUES (?, ?)")) {
            for (int i = 0; i < hostsAndTeams.length; i += 2) {
                insert.setString(1, (String) hostsAndTeams[i]);
                insert.setString(2, (String) hostsAndTeams[i + 1]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String file(TestStacks stacks) throws IOException {
        Path path = Files.createTempFile(dir, "stacks", ".json");
        SampleSnapshots.write(stacks.json(), path);
        return path.toString();
    }

    private static TestStacks twoStacks() {
        return snapshot().live("a", LONG_AGO, "a.example.com", "g-a").live("b", LONG_AGO, "b.example.com", "g-b");
    }
}
