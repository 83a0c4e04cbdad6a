package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.config.Config;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;

class DatabaseTest {

    private static final String PASSWORD = "s3cret-Pa55word";

    @Test
    void migrate_onEmptyDatabase_createsTheRegistryTables() {
        Database db = TestDatabases.empty().database();

        db.migrate();

        assertThat(tables(db, "public")).contains("domain_claims", "domain_mappings", "mapping_changes", "run_claims",
                "run_lease", "run_stacks", "sync_runs");
    }

    @Test
    void migrate_twice_isANoOpThatKeepsTheData() {
        Database db = TestDatabases.empty().database();
        db.migrate();
        db.inTransaction(connection -> Sql.update(connection, """
                INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name)
                VALUES ('a.example.com', 'g1', 'stack-1', 'one')"""));
        int migrations = count(db, "SELECT count(*) FROM flyway_schema_history");

        db.migrate();

        assertThat(count(db, "SELECT count(*) FROM flyway_schema_history")).isEqualTo(migrations);
        assertThat(mappings(db)).isEqualTo(1);
    }

    @Test
    void migrate_withOwnSchema_createsTheSchemaAndWorksInIt() {
        TestDatabase testDb = TestDatabases.empty();
        Database db = new Database(testDb.jdbcUrl(), "registry");

        db.migrate();

        assertThat(tables(db, "registry")).contains("domain_mappings", "sync_runs");
        assertThat(tables(db, "public")).doesNotContain("domain_mappings");
        assertThat(mappings(db)).isZero();
    }

    @Test
    void inTransaction_workReturns_commits() {
        Database db = TestDatabases.migrated().database();

        db.inTransaction(connection -> insertMapping(connection, "a.example.com"));

        assertThat(mappings(db)).isEqualTo(1);
    }

    @Test
    void inTransaction_workThrows_rollsBackAndRethrowsTheSameException() {
        Database db = TestDatabases.migrated().database();
        IllegalStateException failure = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> {
            insertMapping(connection, "a.example.com");
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(mappings(db)).isZero();
    }

    @Test
    void inTransaction_sqlError_isDatabaseExceptionWithSqlStateAndServerMessage() {
        Database db = TestDatabases.migrated().database();

        assertThatThrownBy(() -> db.inTransaction(connection -> Sql.count(connection, "SELECT count(*) FROM nowhere")))
                .isExactlyInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLState 42P01")
                .hasMessageContaining("relation \"nowhere\" does not exist");
    }

    @Test
    void inTransaction_closedPort_isDatabaseUnavailableWithoutThePassword() {
        Database db = TestDatabases.unreachable(PASSWORD);

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> 1));

        assertThat(thrown).isExactlyInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("SQLState 08001");
        assertThat(messages(thrown)).noneMatch(message -> message.contains(PASSWORD));
    }

    @Test
    void migrate_closedPort_isDatabaseUnavailableWithoutThePassword() {
        Database db = TestDatabases.unreachable(PASSWORD);

        Throwable thrown = catchThrowable(db::migrate);

        assertThat(thrown).isExactlyInstanceOf(DatabaseUnavailableException.class);
        assertThat(messages(thrown)).noneMatch(message -> message.contains(PASSWORD));
    }

    @Test
    void inTransaction_unknownDatabase_isDatabaseExceptionWithoutThePassword() {
        Database db = new Database(TestDatabases.jdbcUrl(TestDatabases.port(), "no_such_database")
                + "&password=" + PASSWORD, TestDatabases.SCHEMA);

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> 1));

        assertThat(thrown).isExactlyInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLState 3D000")
                .hasMessageContaining("\"no_such_database\" does not exist");
        assertThat(messages(thrown)).noneMatch(message -> message.contains(PASSWORD));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"serialization_failure", "deadlock_detected"})
    void inTransaction_rolledBackByTheServerToBreakAConflict_isDatabaseUnavailableSoTheStepIsRetried(String condition) {
        Database db = TestDatabases.migrated().database();

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> {
            insertMapping(connection, "a.example.com");
            return Sql.update(connection, "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '" + condition + "'; END $$");
        }));

        assertThat(thrown).isExactlyInstanceOf(DatabaseUnavailableException.class);
        assertThat(mappings(db)).isZero();
    }

    @Test
    void inTransaction_constraintViolation_isADatabaseErrorThatIsNotRetried() {
        Database db = TestDatabases.migrated().database();

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> {
            insertMapping(connection, "a.example.com");
            return insertMapping(connection, "a.example.com");
        }));

        assertThat(thrown).isExactlyInstanceOf(DatabaseException.class).hasMessageContaining("23505");
    }

    @Test
    void inTransaction_connectionTerminatedMidTransaction_isDatabaseUnavailableAndRolledBack() {
        TestDatabase testDb = TestDatabases.migrated();
        Database db = testDb.database();

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> {
            insertMapping(connection, "a.example.com");
            testDb.terminateConnections();
            return insertMapping(connection, "b.example.com");
        }));

        assertThat(thrown).isExactlyInstanceOf(DatabaseUnavailableException.class);
        assertThat(mappings(db)).isZero();
    }

    @Test
    void inTransaction_connectionDroppedMidTransaction_isDatabaseUnavailableAndRolledBack() {
        TestDatabase testDb = TestDatabases.migrated();
        try (DatabaseProxy proxy = testDb.proxy()) {
            Database db = proxy.database();

            Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> {
                insertMapping(connection, "a.example.com");
                proxy.dropConnections();
                return insertMapping(connection, "b.example.com");
            }));

            assertThat(thrown).isExactlyInstanceOf(DatabaseUnavailableException.class);
            assertThat(mappings(testDb.database())).isZero();
        }
    }

    @Test
    void inTransaction_connectionRefusedOnce_isDatabaseUnavailableThenWorksAgain() {
        TestDatabase testDb = TestDatabases.migrated();
        try (DatabaseProxy proxy = testDb.proxy()) {
            Database db = proxy.database();
            proxy.refuseNext(1);

            assertThatThrownBy(() -> db.inTransaction(connection -> insertMapping(connection, "a.example.com")))
                    .isExactlyInstanceOf(DatabaseUnavailableException.class);
            db.inTransaction(connection -> insertMapping(connection, "a.example.com"));

            assertThat(proxy.refused()).isEqualTo(1);
            assertThat(mappings(db)).isEqualTo(1);
        }
    }

    @Test
    void connection_reportsItsUrlWithoutThePassword() {
        TestDatabase testDb = TestDatabases.migrated();
        Database db = new Database(testDb.jdbcUrl() + "&password=" + PASSWORD, TestDatabases.SCHEMA);

        String url = db.inTransaction(connection -> connection.getMetaData().getURL());

        assertThat(url).contains(testDb.name()).doesNotContain(PASSWORD);
        assertThat(db.toString()).doesNotContain(PASSWORD).doesNotContain("jdbc:");
    }

    @Test
    void constructor_malformedUrl_failsWithoutRepeatingIt() {
        assertThatThrownBy(() -> new Database("jdbc:postgresql://127.0.0.1:notaport/db?password=" + PASSWORD, "public"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(PASSWORD)
                .hasNoCause();
    }

    @Test
    void fromConfig_withoutJdbcUrl_namesDbJdbcUrlAndDbSecretArn() {
        assertThatThrownBy(() -> Database.fromConfig(Config.from(Map.of())))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageContaining("DB_JDBC_URL")
                .hasMessageContaining("DB_SECRET_ARN");
    }

    @Test
    void fromConfig_withSecretArnOnly_needsTheRdsCertificateBundle() {
        Config config = Config.from(Map.of("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"));

        assertThatThrownBy(() -> Database.fromConfig(config))
                .isInstanceOf(Config.InvalidConfigException.class)
                .hasMessageStartingWith("DB_SSL_ROOT_CERT is not set");
    }

    @Test
    void fromConfig_withJdbcUrlAndSchema_usesBoth() {
        TestDatabase testDb = TestDatabases.empty();
        Database db = Database.fromConfig(Config.from(Map.of("DB_JDBC_URL", testDb.jdbcUrl(), "DB_SCHEMA", "sync")));

        db.migrate();

        assertThat(db.schema()).isEqualTo("sync");
        assertThat(tables(db, "sync")).contains("domain_mappings");
    }

    private static int insertMapping(Connection connection, String domain) throws SQLException {
        return Sql.update(connection, """
                INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name)
                VALUES (?, 'g1', 'stack-1', 'one')""", domain);
    }

    private static int mappings(Database db) {
        return count(db, "SELECT count(*) FROM domain_mappings");
    }

    private static int count(Database db, String sql) {
        return db.inTransaction(connection -> Sql.count(connection, sql));
    }

    private static List<String> tables(Database db, String schema) {
        return db.inTransaction(connection -> Sql.list(connection,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                row -> row.getString("table_name"), schema));
    }

    /** Every message in the exception's causes and suppressed exceptions. */
    static List<String> messages(Throwable thrown) {
        List<String> messages = new ArrayList<>();
        collect(thrown, messages);
        return messages;
    }

    private static void collect(Throwable thrown, List<String> messages) {
        if (thrown == null) {
            return;
        }
        messages.add(String.valueOf(thrown.getMessage()));
        messages.add(thrown.toString());
        for (Throwable suppressed : thrown.getSuppressed()) {
            collect(suppressed, messages);
        }
        collect(thrown.getCause(), messages);
    }
}
