package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.config.Config;
import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.wiring.Collaborators;
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

        assertThat(tables(db, "domain_sync")).contains("domain_claims", "domain_mappings", "flyway_schema_history",
                "mapping_changes", "run_claims", "run_lease", "run_stacks", "sync_runs");
        assertThat(tables(db, "public")).isEmpty();
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

        assertThat(tables(db, "registry")).contains("domain_mappings", "sync_runs", "flyway_schema_history");
        assertThat(tables(db, "public")).isEmpty();
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "//127.0.0.1:notaport/db?user=u                 | not a valid jdbc:postgresql: URL",
            "//127.0.0.1:5432/db?user=u&sslmode=verify_full | parameter sslmode must be one of disable, allow",
            "//127.0.0.1:5432/db?user=u&socketTimeout=ten   | parameter socketTimeout must be a whole number",
            "//127.0.0.1:5432/db?user=u&connectTimeout=5s   | parameter connectTimeout must be a whole number",
            "//127.0.0.1:5432/db?user=u&tcpKeepAlive=yes    | parameter tcpKeepAlive must be true or false",
            "//127.0.0.1:5432/db?user=u&ssl=yes             | parameter ssl must be true or false",
            "//127.0.0.1:5432/db?user=u&sslMode=require     | unknown parameter 'sslMode' (did you mean sslmode?)",
            "//127.0.0.1:5432/db?user=u&currentSchema=public | sets the schema (currentSchema)",
            "//127.0.0.1:5432/db?user=u&options=-c%20search_path%3Dpublic | sets the schema (options)",
    })
    void constructor_badUrl_isAConfigurationErrorNamingTheParameterWithoutTheUrlOrPassword(String url, String message) {
        Throwable thrown = catchThrowable(() -> new Database("jdbc:postgresql:" + url + "&password=" + PASSWORD,
                TestDatabases.SCHEMA));

        assertThat(thrown).isExactlyInstanceOf(InvalidConfigException.class).hasMessageContaining(message)
                .hasNoCause();
        assertThat(messages(thrown)).noneMatch(text -> text.contains(PASSWORD) || text.contains("127.0.0.1"));
    }

    @Test
    void fromConfig_badUrlParameter_isAConfigurationErrorNotAnOutage() {
        Config config = Config.from(Map.of("DB_JDBC_URL", TestDatabases.jdbcUrl(TestDatabases.port(), "any")
                + "&socketTimeout=60s&password=" + PASSWORD));

        assertThatThrownBy(() -> Collaborators.database(config))
                .isNotInstanceOf(DatabaseUnavailableException.class)
                .isNotInstanceOf(NumberFormatException.class)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void migrate_roleThatMayNotCreateTheSchema_namesThePrivilegeAndTheGrant() {
        TestDatabase testDb = TestDatabases.empty();
        Roles.login(testDb, "no_create_role");
        Database db = new Database(Roles.url(testDb, "no_create_role"), TestDatabases.SCHEMA);

        Throwable thrown = catchThrowable(db::migrate);

        assertThat(thrown).isExactlyInstanceOf(SchemaPrivilegeException.class)
                .hasMessageStartingWith("role no_create_role may not create schema domain_sync: it lacks the CREATE"
                        + " privilege on database " + testDb.name())
                .hasMessageContaining("GRANT CREATE ON DATABASE " + testDb.name() + " TO no_create_role;")
                .hasMessageContaining("CREATE SCHEMA domain_sync AUTHORIZATION no_create_role;");
        assertThat(messages(thrown)).noneMatch(text -> text.contains(Roles.PASSWORD));
        assertThat(Roles.schemas(testDb)).doesNotContain("domain_sync");
    }

    @Test
    void migrate_roleGrantedCreateOnTheDatabase_createsTheSchemaAndOwnsIt() {
        TestDatabase testDb = TestDatabases.empty();
        Roles.login(testDb, "create_role");
        Roles.superuser(testDb, "GRANT CREATE ON DATABASE " + testDb.name() + " TO create_role");
        Database db = new Database(Roles.url(testDb, "create_role"), TestDatabases.SCHEMA);

        db.migrate();

        assertThat(tables(db, "domain_sync")).contains("domain_mappings", "flyway_schema_history");
    }

    @Test
    void migrate_schemaOfAnotherRole_namesTheMissingSchemaPrivilegesAndTheGrant() {
        TestDatabase testDb = TestDatabases.empty();
        Roles.login(testDb, "no_usage_role");
        Roles.superuser(testDb, "CREATE SCHEMA domain_sync");
        Database db = new Database(Roles.url(testDb, "no_usage_role"), TestDatabases.SCHEMA);

        assertThatThrownBy(db::migrate)
                .isExactlyInstanceOf(SchemaPrivilegeException.class)
                .hasMessageStartingWith("role no_usage_role lacks the USAGE and CREATE privileges on schema domain_sync")
                .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA domain_sync TO no_usage_role;");
    }

    @Test
    void migrate_besideAnApplicationsPublicDomainMappings_usesOnlyItsOwnSchema() {
        TestDatabase testDb = TestDatabases.empty();
        Roles.superuser(testDb, """
                CREATE TABLE public.domain_mappings (hostname text PRIMARY KEY, tenant int NOT NULL);
                INSERT INTO public.domain_mappings VALUES ('legacy.example.com', 7)""");
        Database db = testDb.database();

        db.migrate();
        db.inTransaction(connection -> insertMapping(connection, "a.example.com"));

        assertThat(tables(db, "domain_sync")).contains("domain_mappings", "flyway_schema_history");
        assertThat(tables(db, "public")).containsExactly("domain_mappings");
        List<String> domains = db.inTransaction(connection -> Sql.list(connection,
                "SELECT domain_name FROM domain_mappings", row -> row.getString(1)));
        List<String> searchPath = db.inTransaction(connection -> Sql.list(connection,
                "SELECT unnest(current_schemas(false))", row -> row.getString(1)));
        assertThat(domains).containsExactly("a.example.com");
        assertThat(searchPath).containsExactly("domain_sync");
    }

    @Test
    void fromConfig_withoutJdbcUrl_namesDbJdbcUrlAndDbSecretArn() {
        assertThatThrownBy(() -> Collaborators.database(Config.from(Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("DB_JDBC_URL")
                .hasMessageContaining("DB_SECRET_ARN");
    }

    @Test
    void fromConfig_withSecretArnOnly_needsTheRdsCertificateBundle() {
        Config config = Config.from(Map.of("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"));

        assertThatThrownBy(() -> Collaborators.database(config))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("DB_SSL_ROOT_CERT is not set");
    }

    @Test
    void fromConfig_withJdbcUrlAndSchema_usesBoth() {
        TestDatabase testDb = TestDatabases.empty();
        Database db = Collaborators.database(Config.from(Map.of("DB_JDBC_URL", testDb.jdbcUrl(), "DB_SCHEMA", "sync")));

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
