package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.config.Config;
import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.config.SslMode;
import dev.domainsync.telemetry.LogCapture;
import dev.domainsync.wiring.Collaborators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database reached with a secret's credentials: the settings' checks, how the secret and the environment
 * combine, and, on the embedded server with a password role, lazy reading, caching and rotation. These connections
 * use DB_SSL_MODE=disable, the escape hatch for a local database: the embedded server speaks no TLS, and what
 * verify-full sends to pgjdbc is checked on the data source instead.
 */
class SecretDatabaseTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-credentials-AbCdEf";
    private static final String OLD_PASSWORD = "Old-Pa55word-1";
    private static final String NEW_PASSWORD = "New-Pa55word-2";

    @TempDir
    Path temp;

    @Test
    void verifyFullWithoutARootCertificate_namesDbSslRootCertAndSaysWhy() {
        Throwable thrown = catchThrowable(() -> Collaborators.secretDatabaseSettings(Config.from(Map.of(
                "DB_SECRET_ARN", ARN, "DB_HOST", "db.example.internal"))));

        assertThat(thrown).isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("DB_SSL_ROOT_CERT is not set")
                .hasMessageContaining("default trust store does not hold the RDS certificate authorities");
    }

    @Test
    void rootCertificateThatIsMissing_namesDbSslRootCertAndThePath() {
        Path missing = temp.resolve("rds-global-bundle.pem");

        Throwable thrown = catchThrowable(() -> Collaborators.secretDatabaseSettings(Config.from(Map.of(
                "DB_SECRET_ARN", ARN, "DB_SSL_ROOT_CERT", missing.toString()))));

        assertThat(thrown).isInstanceOf(InvalidConfigException.class)
                .hasMessage("DB_SSL_ROOT_CERT names no readable file: " + missing);
    }

    @Test
    void fromConfig_withBothAJdbcUrlAndASecret_asksForOne() {
        Throwable thrown = catchThrowable(() -> Collaborators.database(Config.from(Map.of(
                "DB_SECRET_ARN", ARN, "DB_JDBC_URL", "jdbc:postgresql://db/app"))));

        assertThat(thrown).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("DB_JDBC_URL and DB_SECRET_ARN are both set");
    }

    @Test
    void fromConfig_withASecret_readsNothingYet() throws IOException {
        Path bundle = Files.writeString(temp.resolve("bundle.pem"), "-----BEGIN CERTIFICATE-----\n");

        // No credentials and no endpoint: building the database must not call Secrets Manager.
        Database db = Collaborators.database(Config.from(Map.of("DB_SECRET_ARN", ARN, "AWS_REGION", "eu-west-1",
                "DB_SSL_ROOT_CERT", bundle.toString(), "DB_SCHEMA", "sync")));

        assertThat(db.schema()).isEqualTo("sync");
    }

    @Test
    void verifyFull_usesTheRootCertificateAndTheEnvironmentOverTheSecret() throws IOException {
        Path bundle = Files.writeString(temp.resolve("rds-global-bundle.pem"), "-----BEGIN CERTIFICATE-----\n");
        SecretDatabaseSettings settings = Collaborators.secretDatabaseSettings(Config.from(Map.of("DB_SECRET_ARN", ARN,
                "DB_HOST", "proxy.example.internal", "DB_NAME", "platform", "DB_SSL_ROOT_CERT", bundle.toString())));
        DatabaseSecret secret = new DatabaseSecret("domain_sync", OLD_PASSWORD, Optional.of("db.example.internal"),
                Optional.of(6432), Optional.of("postgres"));

        PGSimpleDataSource dataSource = SecretDataSource.dataSource(settings, secret);

        assertThat(dataSource.getServerNames()).containsExactly("proxy.example.internal");
        assertThat(dataSource.getPortNumbers()).containsExactly(6432);
        assertThat(dataSource.getDatabaseName()).isEqualTo("platform");
        assertThat(dataSource.getUser()).isEqualTo("domain_sync");
        assertThat(dataSource.getSslMode()).isEqualTo("verify-full");
        assertThat(dataSource.getSslRootCert()).isEqualTo(bundle.toString());
        assertThat(dataSource.getCurrentSchema()).isEqualTo("domain_sync");
    }

    @Test
    void secretWithoutHostAndNoDbHost_namesDbHost() {
        SecretDatabaseSettings settings = disabledTls(Optional.empty(), Optional.of("platform"));
        DatabaseSecret secret = new DatabaseSecret("u", OLD_PASSWORD, Optional.empty(), Optional.empty(),
                Optional.empty());

        Throwable thrown = catchThrowable(() -> SecretDataSource.dataSource(settings, secret));

        assertThat(thrown).isInstanceOf(InvalidConfigException.class)
                .hasMessage("DB_HOST is not set and secret " + ARN + " has no 'host'");
    }

    @Test
    void secret_isReadOnTheFirstConnectionAndKept() {
        TestDatabase testDb = TestDatabases.migrated();
        TestDatabases.setPasswordRole(OLD_PASSWORD);
        FakeSecrets secrets = new FakeSecrets(secretFor(testDb, OLD_PASSWORD));

        Database db = Database.withSecret(disabledTls(Optional.empty(), Optional.empty()), secrets);
        assertThat(secrets.reads).isEmpty();
        String user = db.inTransaction(connection -> connection.getMetaData().getUserName());
        db.inTransaction(connection -> connection.getMetaData().getUserName());

        assertThat(user).isEqualTo(TestDatabases.PASSWORD_ROLE);
        assertThat(secrets.reads).containsExactly(ARN);
    }

    @Test
    void rotatedPassword_isReadAgainOnceAndTheConnectionSucceeds() {
        TestDatabase testDb = TestDatabases.migrated();
        TestDatabases.setPasswordRole(OLD_PASSWORD);
        FakeSecrets secrets = new FakeSecrets(secretFor(testDb, OLD_PASSWORD), secretFor(testDb, NEW_PASSWORD));
        Database db = Database.withSecret(disabledTls(Optional.empty(), Optional.empty()), secrets);
        db.inTransaction(connection -> 1);

        TestDatabases.setPasswordRole(NEW_PASSWORD);
        int mappings = db.inTransaction(connection -> Sql.count(connection, "SELECT count(*) FROM domain_mappings"));

        assertThat(mappings).isZero();
        assertThat(secrets.reads).hasSize(2);
    }

    @Test
    void passwordStillRefusedAfterReadingAgain_isDatabaseExceptionWithoutThePassword() {
        TestDatabase testDb = TestDatabases.migrated();
        TestDatabases.setPasswordRole(NEW_PASSWORD);
        FakeSecrets secrets = new FakeSecrets(secretFor(testDb, OLD_PASSWORD), secretFor(testDb, OLD_PASSWORD),
                secretFor(testDb, OLD_PASSWORD));
        Database db = Database.withSecret(disabledTls(Optional.empty(), Optional.empty()), secrets);

        Throwable thrown = catchThrowable(() -> db.inTransaction(connection -> 1));

        assertThat(thrown).isExactlyInstanceOf(DatabaseException.class).hasMessageContaining("SQLState 28P01");
        assertThat(DatabaseTest.messages(thrown)).noneMatch(message -> message.contains(OLD_PASSWORD));
        assertThat(db.toString()).doesNotContain(OLD_PASSWORD);
        assertThat(secrets.reads).hasSize(2);
    }

    @Test
    void logs_showTheSecretAndTheUserButNeverThePassword() {
        TestDatabase testDb = TestDatabases.migrated();
        TestDatabases.setPasswordRole(NEW_PASSWORD);
        FakeSecrets secrets = new FakeSecrets(secretFor(testDb, OLD_PASSWORD), secretFor(testDb, NEW_PASSWORD));
        Database db = Database.withSecret(disabledTls(Optional.empty(), Optional.empty()), secrets);
        String logged;

        // The functions' own log backend and JSON layout (log4j2.xml), as Lambda would get the lines.
        try (LogCapture log = new LogCapture()) {
            db.inTransaction(connection -> 1);
            logged = log.text();
        }

        assertThat(logged).contains("Database refused the credentials (SQLState 28P01)")
                .contains("Database credentials read from secret " + ARN + ": user " + TestDatabases.PASSWORD_ROLE)
                .doesNotContain(OLD_PASSWORD).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void migrate_throughASecret_createsTheTablesAndRetriesARotatedPassword() {
        TestDatabase testDb = TestDatabases.empty();
        TestDatabases.setPasswordRole(NEW_PASSWORD);
        FakeSecrets secrets = new FakeSecrets(secretFor(testDb, OLD_PASSWORD), secretFor(testDb, NEW_PASSWORD));
        Database db = Database.withSecret(disabledTls(Optional.empty(), Optional.empty()), secrets);

        db.migrate();

        int registrations = db.inTransaction(connection ->
                Sql.count(connection, "SELECT count(*) FROM stack_registrations"));

        assertThat(registrations).isZero();
        assertThat(secrets.reads).hasSize(2);
    }

    @Test
    void unreadableSecret_isTheSecretSourcesError() {
        SecretSource failing = secretId -> {
            throw new DatabaseUnavailableException("secret store unavailable: reading secret " + secretId, null);
        };
        Database db = Database.withSecret(disabledTls(Optional.of("127.0.0.1"), Optional.of("x")), failing);

        assertThat(catchThrowable(() -> db.inTransaction(connection -> 1)))
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining(ARN);
    }

    private static SecretDatabaseSettings disabledTls(Optional<String> host, Optional<String> databaseName) {
        return new SecretDatabaseSettings(ARN, host, Optional.empty(), databaseName, SslMode.DISABLE,
                Optional.empty(), TestDatabases.SCHEMA);
    }

    /** The secret of the password role on {@code testDb}, as RDS would write it. */
    static String secretFor(TestDatabase testDb, String password) {
        return """
                {"username": "%s", "password": "%s", "engine": "postgres", "host": "127.0.0.1", "port": %d,
                 "dbname": "%s"}""".formatted(TestDatabases.PASSWORD_ROLE, password, TestDatabases.port(),
                testDb.name());
    }

    /** Answers each read with the next of its secret strings, and records the reads. */
    private static final class FakeSecrets implements SecretSource {

        final List<String> reads = new ArrayList<>();
        private final Deque<String> values;

        FakeSecrets(String... values) {
            this.values = new ArrayDeque<>(List.of(values));
        }

        @Override
        public String secretString(String secretId) {
            reads.add(secretId);
            return values.size() > 1 ? values.poll() : values.peek();
        }
    }
}
