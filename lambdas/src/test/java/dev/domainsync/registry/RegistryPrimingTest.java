package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.StagedPage;
import dev.domainsync.steps.ApplyStackHandler;
import dev.domainsync.steps.FailRunHandler;
import dev.domainsync.steps.PruneDeletedHandler;
import dev.domainsync.steps.StartRunHandler;
import dev.domainsync.steps.WriteRowsHandler;
import dev.domainsync.wiring.Collaborators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database step's SnapStart hook migrates before the snapshot, so that a restored function's first call does not,
 * rehearses the step's request without changing a row, and leaves no connection open.
 */
class RegistryPrimingTest {

    @Test
    void startRunHook_unmigratedDatabase_isMigratedBeforeAnyCallAndNoConnectionStaysOpen() {
        TestDatabase db = TestDatabases.empty();
        PostgresDomainRegistry registry = Collaborators.domainRegistry(config(db));
        assertThatThrownBy(() -> db.count("SELECT count(*) FROM domain_mappings")).isNotNull();

        new StartRunHandler(registry).beforeCheckpoint(null);

        assertThat(db.count("SELECT count(*) FROM domain_mappings")).isZero();
        assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name()
                + "' AND pid <> pg_backend_pid()")).isZero();
        assertThat(registry.startRun("primed", Instant.parse("2026-11-28T06:00:00Z"), ExecutionInput.parse(null))
                .runId()).isPositive();
    }

    @Test
    void applyStackHook_unmigratedDatabase_isMigrated() {
        TestDatabase db = TestDatabases.empty();
        JsonHandler<?, ?> handler = new ApplyStackHandler(Collaborators.stackEventRegistry(config(db)));

        handler.beforeCheckpoint(null);

        assertThat(db.count("SELECT count(*) FROM domain_mappings")).isZero();
    }

    @Test
    void rehearsalsOfEveryDatabaseStep_runTheirStatementsButLeaveEveryRowAsItWas() {
        TestDatabase db = TestDatabases.migrated();
        Config config = config(db);
        PostgresDomainRegistry registry = Collaborators.domainRegistry(config);
        // A real run in progress holds the lease; a rehearsal must neither wait for it nor take it over.
        RunContext running = registry.startRun("real", Instant.now(), ExecutionInput.parse(null));
        registry.stagePage(new StagedPage(running.runId(), List.of("arn:stack/a"), List.of(), List.of()));
        String before = rows(db);
        long runIdsBefore = db.count("SELECT last_value FROM sync_runs_run_id_seq");

        for (JsonHandler<?, ?> handler : List.of(new StartRunHandler(registry), new WriteRowsHandler(registry),
                new PruneDeletedHandler(registry), new FailRunHandler(registry),
                new ApplyStackHandler(Collaborators.stackEventRegistry(config)))) {
            handler.beforeCheckpoint(null);
        }

        assertThat(rows(db)).isEqualTo(before);
        // The rehearsals started their runs on temporary copies of the tables, with run ids of the real sequence.
        assertThat(db.count("SELECT last_value FROM sync_runs_run_id_seq")).isGreaterThan((int) runIdsBefore);
        assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name()
                + "' AND pid <> pg_backend_pid()")).isZero();
        assertThat(registry.applyRun(running.runId()).stacksListed()).isEqualTo(1);
    }

    /** Every row of every table in the schema, as text, table by table. */
    private static String rows(TestDatabase db) {
        return db.database().inTransaction(connection -> {
            StringBuilder all = new StringBuilder();
            for (String table : Sql.list(connection, "SELECT tablename FROM pg_tables WHERE schemaname = ?"
                    + " ORDER BY tablename", row -> row.getString(1), TestDatabases.SCHEMA)) {
                all.append(table).append(": ").append(Sql.list(connection, "SELECT t::text FROM " + table
                        + " t ORDER BY 1", row -> row.getString(1))).append('\n');
            }
            return all.toString();
        });
    }

    private static Config config(TestDatabase db) {
        return Config.from(Map.of("DB_JDBC_URL", db.jdbcUrl(), "DB_SCHEMA", TestDatabases.SCHEMA));
    }
}
