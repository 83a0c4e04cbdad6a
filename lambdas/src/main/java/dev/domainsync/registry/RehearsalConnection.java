package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database's one connection in a priming rehearsal (see {@link dev.domainsync.json.Rehearsal}): one transaction
 * that first shadows every table of the schema with an empty temporary copy (PostgreSQL looks up {@code pg_temp}
 * before the search path), so the rehearsed statements read and write only those copies and take no lock a real
 * run would wait on; it is rolled back and closed at the end, so the copies go with it.
 */
final class RehearsalConnection implements AutoCloseable {

    /** A rehearsal never waits long on a live database: it gives up, and priming leaves the work to a request. */
    private static final String LOCK_TIMEOUT = "2s";
    private static final String STATEMENT_TIMEOUT = "10s";

    private final Connection connection;

    private RehearsalConnection(Connection connection) {
        this.connection = connection;
    }

    static RehearsalConnection open(Connection connection, String schema) throws SQLException {
        try {
            connection.setAutoCommit(false);
            List<String> tables = Sql.list(connection, """
                    SELECT tablename FROM pg_tables WHERE schemaname = ? AND tablename <> 'flyway_schema_history'
                     ORDER BY tablename""", row -> row.getString("tablename"), schema);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                statement.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT + "'");
                for (String table : tables) {
                    // Names come from pg_tables of our own schema; quoted all the same.
                    statement.execute("CREATE TEMPORARY TABLE " + quoted(table) + " (LIKE " + quoted(schema) + "."
                            + quoted(table) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)"
                            + " ON COMMIT DROP");
                }
            }
            return new RehearsalConnection(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            connection.rollback();
        }
    }

    @Override
    public String toString() {
        return "the rehearsal's database connection";
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
