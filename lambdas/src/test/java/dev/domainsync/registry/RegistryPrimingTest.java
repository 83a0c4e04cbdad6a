package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.steps.ApplyStackHandler;
import dev.domainsync.steps.StartRunHandler;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database step's SnapStart hook migrates before the snapshot, so that a restored function's first call does not,
 * and leaves no connection open; both registries reach it through their schema migration.
 */
class RegistryPrimingTest {

    @Test
    void startRunHook_unmigratedDatabase_isMigratedBeforeAnyCallAndNoConnectionStaysOpen() {
        TestDatabase db = TestDatabases.empty();
        PostgresDomainRegistry registry = PostgresDomainRegistry.fromConfig(config(db));
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
        JsonHandler<?, ?> handler = new ApplyStackHandler(PostgresStackEventRegistry.fromConfig(config(db)));

        handler.beforeCheckpoint(null);

        assertThat(db.count("SELECT count(*) FROM domain_mappings")).isZero();
    }

    private static Config config(TestDatabase db) {
        return Config.from(Map.of("DB_JDBC_URL", db.jdbcUrl(), "DB_SCHEMA", TestDatabases.SCHEMA));
    }
}
