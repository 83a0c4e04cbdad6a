package dev.domainsync.registry;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM, started on first use (embedded, or in a container: see
 * {@link TestDatabaseServer}), and a fresh database per test: {@link #migrated()} for tests of the registry and the
 * workflow, {@link #empty()} for tests of the migrations themselves. {@link TestDatabaseCleanup} drops each test's
 * databases when it ends.
 */
public final class TestDatabases {

    public static final String SCHEMA = "domain_sync";

    /** The one role that must give its password (SCRAM over TCP), for tests of credentials; every other trusts. */
    public static final String PASSWORD_ROLE = "domain_sync_secret_user";

    private static final String TEMPLATE = "registry_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    /** The databases made and not yet dropped, oldest first. */
    private static final List<String> LIVE = new ArrayList<>();

    private static TestDatabaseServer server;
    private static RuntimeException serverFailure;
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

    /** The port the server listens on, on 127.0.0.1. */
    public static int port() {
        return server().port();
    }

    static String jdbcUrl(int port, String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName + "?user=postgres";
    }

    /** Runs one statement as the superuser on the server's maintenance database. */
    static void execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port(), "postgres"));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }

    /** How many databases made here are not yet dropped: a mark for {@link #dropCreatedSince(int)}. */
    static synchronized int created() {
        return LIVE.size();
    }

    /**
     * Drops the databases made after {@code mark}, newest first, closing whatever connections a test left open on
     * them.
     */
    static synchronized void dropCreatedSince(int mark) {
        while (LIVE.size() > mark) {
            String name = LIVE.remove(LIVE.size() - 1);
            execute("DROP DATABASE " + name + " WITH (FORCE)");
        }
    }

    private static synchronized TestDatabase create(String template) {
        String name = "test_" + DATABASES.incrementAndGet();
        // FILE_COPY: with fsync off its checkpoint is cheap, and it beats WAL-logging every page of the template.
        execute("CREATE DATABASE " + name + " TEMPLATE " + template + " STRATEGY FILE_COPY");
        LIVE.add(name);
        return new TestDatabase(name, jdbcUrl(port(), name));
    }

    private static synchronized TestDatabaseServer server() {
        if (server == null) {
            if (serverFailure != null) {
                // Every later test fails at once with the first one's reason, instead of waiting to fail again.
                throw new IllegalStateException(serverFailure.getMessage(), serverFailure);
            }
            try {
                server = TestDatabaseServer.start();
            } catch (RuntimeException e) {
                serverFailure = e;
                throw e;
            }
            announce(server);
        }
        return server;
    }

    /**
     * Names the server and its version in one line on the test JVM's own stderr: Surefire shows that stream on the
     * console even where it sends the tests' output to report files.
     */
    private static void announce(TestDatabaseServer started) {
        String version;
        try (Connection connection = DriverManager.getConnection(jdbcUrl(started.port(), "postgres"));
                PreparedStatement statement = connection.prepareStatement("SELECT version()");
                var result = statement.executeQuery()) {
            result.next();
            version = result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("the test database does not answer: " + e.getMessage(), e);
        }
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println("Test database: " + version.split(",", 2)[0] + ", " + started.description()
                + " (-D" + TestDatabaseServer.CHOICE + "=embedded|container|auto)");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
