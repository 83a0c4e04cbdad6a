package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.config.Config;
import dev.domainsync.run.ExecutionInput;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry's priming migrates before SnapStart's snapshot, so that a restored function's first call does not;
 * it leaves no connection open.
 */
class RegistryPrimingTest {

    @Test
    void prime_unmigratedDatabase_isMigratedBeforeAnyCall() {
        TestDatabase db = TestDatabases.empty();
        PostgresDomainRegistry registry = PostgresDomainRegistry.fromConfig(
                Config.from(Map.of("DB_JDBC_URL", db.jdbcUrl(), "DB_SCHEMA", TestDatabases.SCHEMA)));
        assertThatThrownBy(() -> db.count("SELECT count(*) FROM domain_mappings")).isNotNull();

        registry.prime();

        assertThat(db.count("SELECT count(*) FROM domain_mappings")).isZero();
        assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name()
                + "' AND pid <> pg_backend_pid()")).isZero();
        assertThat(registry.startRun("primed", Instant.parse("2026-11-28T06:00:00Z"), ExecutionInput.parse(null))
                .runId()).isPositive();
    }
}
