package dev.domainsync.statemachine.cli;

import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.registry.Database;
import dev.domainsync.registry.Roles;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.workflow.TestStacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN's "Safety on a live database" through {@code domain-sync run}: a database that the application already
 * uses, roles with only the privileges the README gives them, a bad template roll-out, and a clock set wrong.
 */
class LiveDatabaseTest {

    private static final Instant FIRST = SampleSnapshots.DEMO_NOW;
    private static final Instant SECOND = FIRST.plus(Duration.ofDays(2));
    private static final Instant LONG_AGO = FIRST.minus(Duration.ofDays(100));
    /** The roles the README's SQL names. */
    private static final String SYNC_ROLE = "sync_user";
    private static final String APP_ROLE = "app_user";

    @TempDir
    Path dir;

    @Test
    void firstRun_besideTheApplicationsTablesInPublic_succeedsAndLeavesPublicByteForByteUntouched() throws IOException {
        TestDatabase db = applicationDatabase();
        Roles.login(db, SYNC_ROLE);
        Roles.superuser(db, readmeBlock("administrator"));
        List<String> before = fingerprint(db, "public");

        CliRun run = CliRun.execute("run", "--jdbc-url", Roles.url(db, SYNC_ROLE), "--stacks-snapshot",
                file("stacks", twoStacks()), "--now", FIRST.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("mappings         +2 inserted");
        assertThat(fingerprint(db, "public")).isEqualTo(before);
        assertThat(db.mappings()).extracting(Mapping::domainName).containsExactly("a.example.com", "b.example.com");
        assertThat(tables(db, "domain_sync")).contains("domain_mappings", "flyway_schema_history", "sync_runs");
    }

    @Test
    void readmeGrantAndView_giveTheApplicationTheMappingsUnderItsOwnNames_readOnly() throws Exception {
        TestDatabase db = applicationDatabase();
        Roles.login(db, SYNC_ROLE);
        Roles.login(db, APP_ROLE);
        Roles.superuser(db, "ALTER TABLE public.custom_domains OWNER TO " + APP_ROLE
                + "; GRANT CREATE ON SCHEMA public TO " + APP_ROLE);
        Roles.superuser(db, readmeBlock("administrator"));
        CliRun run = CliRun.execute("run", "--jdbc-url", Roles.url(db, SYNC_ROLE), "--stacks-snapshot",
                file("stacks", twoStacks()), "--now", FIRST.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();

        execute(db, SYNC_ROLE, readmeBlock(SYNC_ROLE));
        execute(db, APP_ROLE, readmeBlock(APP_ROLE));

        assertThat(query(db, APP_ROLE, "SELECT hostname || ' ' || tenant_id FROM custom_domains ORDER BY hostname"))
                .containsExactly("a.example.com g1", "b.example.com g2");
        assertThatThrownBy(() -> execute(db, APP_ROLE, "DELETE FROM domain_sync.domain_mappings"))
                .hasMessageContaining("permission denied for table domain_mappings");
        assertThatThrownBy(() -> query(db, APP_ROLE, "SELECT error FROM domain_sync.sync_runs"))
                .hasMessageContaining("permission denied for table sync_runs");
    }

    @Test
    void registryInPublicMovedByTheReadmesSql_isFoundWhereTheNewDefaultLooks_andTheApplicationReadsOn()
            throws IOException {
        TestDatabase db = TestDatabases.empty();
        new Database(db.jdbcUrl(), "public").migrate();
        Roles.login(db, SYNC_ROLE);
        Roles.superuser(db, """
                INSERT INTO public.domain_mappings (domain_name, group_id, stack_id, stack_name)
                VALUES ('a.example.com', 'g1', 'stack-a', 'a');
                INSERT INTO public.sync_runs (execution_id, status, mode, since, start_time)
                VALUES ('before-the-move', 'SUCCEEDED', 'BACKFILL', '1970-01-01T00:00:00Z', '%s')""".formatted(FIRST));

        Roles.superuser(db, readmeBlock("the owner of domain-sync's tables"));
        Instant afterTheLastRun = FIRST.plus(Duration.ofHours(1));
        CliRun run = CliRun.execute("run", "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot", file("stacks", snapshot()
                        .live("a", afterTheLastRun, "a.example.com", "g1")
                        .live("b", afterTheLastRun, "b.example.com", "g2").json()),
                "--now", SECOND.toString());

        assertThat(tables(db, "public")).as("every table of the registry moved").isEmpty();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("incremental since " + FIRST.minus(Duration.ofHours(6)));
        assertThat(superuserQuery(db, "SELECT domain_name || ' ' || group_id FROM public.domain_mappings"
                + " ORDER BY domain_name")).containsExactly("a.example.com g1", "b.example.com g2");
    }

    @Test
    void roleThatMayNotCreateTheSchema_failsNamingThePrivilegeAndWhatToGrant() throws IOException {
        TestDatabase db = applicationDatabase();
        Roles.login(db, "unprivileged_user");

        CliRun run = CliRun.execute("run", "--jdbc-url", Roles.url(db, "unprivileged_user"), "--stacks-snapshot",
                file("stacks", twoStacks()), "--now", FIRST.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("domain-sync run: SchemaPrivilegeException: role unprivileged_user may not create"
                + " schema domain_sync: it lacks the CREATE privilege on database " + db.name())
                .contains("GRANT CREATE ON DATABASE " + db.name() + " TO unprivileged_user;")
                .contains("CREATE SCHEMA domain_sync AUTHORIZATION unprivileged_user;");
        assertThat(run.printed()).doesNotContain(Roles.PASSWORD);
    }

    @Test
    void badTemplateRollOut_fortyPercentOfStacksWithOnlyInvalidDomains_isRefused_dryRunReportsIt_forceApplies()
            throws IOException {
        TestDatabase db = TestDatabases.migrated();
        TestStacks before = snapshot();
        TestStacks rolledOut = snapshot();
        for (int i = 0; i < 30; i++) {
            before.live("s" + i, LONG_AGO, "s" + i + ".example.com", "g");
            if (i < 12) {
                rolledOut.updated("s" + i, LONG_AGO, FIRST.plus(Duration.ofDays(1)), "s" + i + "_example_com", "g");
            } else {
                rolledOut.live("s" + i, LONG_AGO, "s" + i + ".example.com", "g");
            }
        }
        assertThat(run(db, file("before", before.json()), "--now", FIRST.toString()).exitCode()).isZero();
        String rollOut = file("rolled-out", rolledOut.json());

        CliRun refused = run(db, rollOut, "--now", SECOND.toString());
        CliRun dryRun = run(db, rollOut, "--now", SECOND.plusSeconds(60).toString(), "--dry-run");

        String refusal = "the run would delete 12 of 30 mappings (40%), above the 25% prune guard: 12 updated stacks"
                + " now carry only invalid domains (12 mappings).";
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("error: dev.domainsync.registry.PruneGuardException")
                .contains("cause: " + refusal);
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("prune guard      would refuse the real run: " + refusal);
        assertThat(db.mappings()).hasSize(30);

        CliRun forced = run(db, rollOut, "--now", SECOND.plusSeconds(120).toString(), "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(db.mappings()).hasSize(18);
    }

    @Test
    void runStartedIn2030_isRefusedBeforeAnythingIsRecorded_andLaterRunsAreUnaffected() throws IOException {
        TestDatabase db = TestDatabases.migrated();
        Instant now = Instant.now();
        assertThat(run(db, file("first", snapshot().live("a", LONG_AGO, "a.example.com", "g").json()),
                "--now", FIRST.toString()).exitCode()).isZero();

        CliRun future = run(db, file("future", snapshot().live("a", LONG_AGO, "a.example.com", "g").json()),
                "--now", "2030-01-01T00:00:00Z");

        assertThat(future.exitCode()).as(future.toString()).isEqualTo(1);
        assertThat(future.err()).contains("error: dev.domainsync.registry.ClockSkewException")
                .containsPattern("cause: the execution's start time 2030-01-01T00:00:00Z is [0-9]+ days ahead of the"
                        + " database's clock");
        assertThat(db.count("SELECT count(*) FROM sync_runs WHERE status <> 'FAILED' AND start_time > now()"))
                .as("nothing but the refusal is recorded for it").isZero();
        assertThat(db.count("SELECT count(*) FROM run_lease")).isZero();

        CliRun backfill = run(db, file("backfill", snapshot()
                .live("a", LONG_AGO, "a.example.com", "g")
                .live("b", now.minus(Duration.ofHours(1)), "b.example.com", "g").json()), "--backfill");
        CliRun incremental = run(db, file("incremental", snapshot()
                .live("a", LONG_AGO, "a.example.com", "g")
                .live("b", now.minus(Duration.ofHours(1)), "b.example.com", "g")
                .live("c", now.minus(Duration.ofMinutes(10)), "c.example.com", "g").json()));

        assertThat(backfill.exitCode()).as(backfill.toString()).isZero();
        assertThat(incremental.exitCode()).as(incremental.toString()).isZero();
        assertThat(incremental.out()).contains("incremental since ").doesNotContain("since 2029");
        assertThat(db.mappings()).extracting(Mapping::domainName)
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
    }

    // ---- the application's database

    /** A database whose public schema holds the application's tables, one of them called domain_mappings. */
    private static TestDatabase applicationDatabase() {
        TestDatabase db = TestDatabases.empty();
        Roles.superuser(db, """
                CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.customers (name) VALUES ('Acme'), ('Globex');
                CREATE TABLE public.domain_mappings (host text PRIMARY KEY, customer_id int REFERENCES customers,
                                                     verified boolean NOT NULL DEFAULT false);
                INSERT INTO public.domain_mappings VALUES ('shop.acme.test', 1, true), ('www.globex.test', 2, false);
                CREATE TABLE public.custom_domains (hostname text PRIMARY KEY, tenant_id text NOT NULL);
                INSERT INTO public.custom_domains VALUES ('a.example.com', 'g1');
                CREATE VIEW public.active_domains AS SELECT host FROM public.domain_mappings WHERE verified;
                CREATE FUNCTION public.now_plus(interval) RETURNS timestamptz LANGUAGE sql AS 'SELECT now() + $1';""");
        return db;
    }

    /**
     * What a run could change in {@code schema}: its objects with their storage, owner and privileges, the
     * definitions of its views and functions, and every row with its physical position and inserting transaction,
     * so an UPDATE, a DELETE and re-INSERT, a TRUNCATE or a rewrite all show.
     */
    private static List<String> fingerprint(TestDatabase db, String schema) {
        List<String> lines = new ArrayList<>();
        lines.addAll(superuserQuery(db, "SELECT nspname || ' ' || nspowner::regrole || ' ' || coalesce(nspacl::text, '')"
                + " FROM pg_namespace WHERE nspname = '" + schema + "'"));
        lines.addAll(superuserQuery(db, "SELECT relname || ' ' || relkind::text || ' ' || relfilenode || ' ' || relowner::regrole"
                + " || ' ' || coalesce(relacl::text, '') || ' ' || relhastriggers || ' ' || relhasrules"
                + " FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace ORDER BY relname"));
        lines.addAll(superuserQuery(db, "SELECT table_name || '.' || column_name || ' ' || data_type || ' '"
                + " || coalesce(column_default, '') || ' ' || is_nullable FROM information_schema.columns"
                + " WHERE table_schema = '" + schema + "' ORDER BY table_name, ordinal_position"));
        lines.addAll(superuserQuery(db, "SELECT viewname || ' ' || definition FROM pg_views WHERE schemaname = '"
                + schema + "' ORDER BY viewname"));
        lines.addAll(superuserQuery(db, "SELECT proname || ' ' || prosrc FROM pg_proc WHERE pronamespace = '"
                + schema + "'::regnamespace ORDER BY proname"));
        for (String table : tables(db, schema)) {
            lines.addAll(superuserQuery(db, "SELECT '" + table + " ' || ctid || ' ' || xmin || ' ' || t::text FROM "
                    + schema + "." + table + " t ORDER BY ctid"));
        }
        return lines;
    }

    private static List<String> tables(TestDatabase db, String schema) {
        return superuserQuery(db, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = '" + schema
                + "'::regnamespace ORDER BY relname");
    }

    private static List<String> superuserQuery(TestDatabase db, String sql) {
        try {
            return rows(DriverManager.getConnection(db.jdbcUrl()), sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<String> query(TestDatabase db, String role, String sql) throws SQLException {
        return rows(DriverManager.getConnection(Roles.url(db, role)), sql);
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static void execute(TestDatabase db, String role, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(Roles.url(db, role));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The README's SQL block (in "Installing beside the application") whose first line says who runs it. */
    private static String readmeBlock(String runBy) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Installing beside the application"));
        section = section.substring(0, section.indexOf("\n## ", 5));
        Matcher blocks = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (blocks.find()) {
            String block = blocks.group(1);
            String article = runBy.equals("administrator") ? "an " : "";
            if (block.lines().findFirst().orElse("").startsWith("-- as " + article + runBy)) {
                return block;
            }
        }
        throw new AssertionError("README has no SQL block run by " + runBy + " in 'Installing beside the application'");
    }

    // ---- runs

    private CliRun run(TestDatabase db, String snapshotFile, String... options) {
        List<String> args = new ArrayList<>(List.of("run", "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot",
                snapshotFile));
        args.addAll(List.of(options));
        return CliRun.execute(args.toArray(String[]::new));
    }

    private static JsonNode twoStacks() {
        return snapshot().live("a", LONG_AGO, "a.example.com", "g1").live("b", LONG_AGO, "b.example.com", "g2").json();
    }

    private String file(String name, JsonNode snapshot) throws IOException {
        Path path = dir.resolve(name + ".json");
        SampleSnapshots.write(snapshot, path);
        return path.toString();
    }
}
