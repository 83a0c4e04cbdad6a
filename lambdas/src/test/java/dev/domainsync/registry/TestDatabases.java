package dev.domainsync.registry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM, started on first use, and a fresh database per test: {@link #migrated()}
 * for tests of the registry and the workflow, {@link #empty()} for tests of the migrations themselves.
 */
public final class TestDatabases {

    public static final String SCHEMA = "public";

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

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
