package dev.domainsync.registry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM, started on first use, and a fresh database per test: {@link #migrated()}
 * for tests of the registry and the workflow, {@link #empty()} for tests of the migrations themselves.
 */
public final class TestDatabases {

    public static final String SCHEMA = "domain_sync";

    /** The one role that must give its password (SCRAM over TCP), for tests of credentials; every other trusts. */
    public static final String PASSWORD_ROLE = "domain_sync_secret_user";

    private static final String TEMPLATE = "registry_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres server;
    private static boolean templateMigrated;

    private TestDatabases() {
    }

    /** A new database with no tables. */
    public static TestDatabase empty() {
        return create("template0");
    }

    /** A new database with every migration applied, copied from a template migrated once per JVM. */
    public static TestDatabase migrated() {
        synchronized (TestDatabases.class) {
            if (!templateMigrated) {
                execute("CREATE DATABASE " + TEMPLATE + " TEMPLATE template0");
                new TestDatabase(TEMPLATE, jdbcUrl(port(), TEMPLATE)).database().migrate();
                templateMigrated = true;
            }
        }
        return create(TEMPLATE);
    }

    /** A database on a local port where nothing listens, with a password in its URL. */
    public static Database unreachable(String password) {
        return new Database(jdbcUrl(closedPort(), "unreachable") + "&password=" + password, SCHEMA);
    }

    /**
     * Creates {@link #PASSWORD_ROLE} with {@code password}, or gives it that password, as rotating its secret would.
     * It is a superuser, so that it may work in any test database.
     */
    public static synchronized void setPasswordRole(String password) {
        String literal = "'" + password.replace("'", "''") + "'";
        execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + PASSWORD_ROLE + "') THEN "
                + "CREATE ROLE " + PASSWORD_ROLE + " LOGIN SUPERUSER; END IF; END $$");
        execute("ALTER ROLE " + PASSWORD_ROLE + " PASSWORD " + literal);
    }

    /** The port the embedded server listens on, on 127.0.0.1. */
    public static int port() {
        return server().getPort();
    }

    static String jdbcUrl(int port, String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName + "?user=postgres";
    }

    /** Runs one statement as the superuser on the server's maintenance database. */
    static void execute(String sql, Object... parameters) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }

    private static TestDatabase create(String template) {
        String name = "test_" + DATABASES.incrementAndGet();
        // FILE_COPY: with fsync off its checkpoint is cheap, and it beats WAL-logging every page of the template.
        execute("CREATE DATABASE " + name + " TEMPLATE " + template + " STRATEGY FILE_COPY");
        return new TestDatabase(name, jdbcUrl(port(), name));
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // Durability is pointless for throwaway test data; these settings make it fast.
                server = EmbeddedPostgres.builder()
                        .setServerConfig("hba_file", hbaFile().toString())
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** Trust for every role but {@link #PASSWORD_ROLE}, which must give its password over TCP. */
    private static Path hbaFile() throws IOException {
        Path file = Files.createTempFile("domain-sync-pg_hba", ".conf");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n",
                "host all " + PASSWORD_ROLE + " 127.0.0.1/32 scram-sha-256",
                "host all " + PASSWORD_ROLE + " ::1/128 scram-sha-256",
                "local all all trust",
                "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust",
                ""));
        return file;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
