package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.json.Rehearsal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A database's transactions inside a priming rehearsal: one connection over empty temporary copies of the schema's
 * tables, so the rehearsal sees its own rows, nobody else sees them or waits for its locks, and nothing outlasts it.
 */
class RehearsalConnectionTest {

    private static final String INSERT = "INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name)"
            + " VALUES ('rehearsed.example.com', 'g-1', 'arn:stack/a', 'a')";

    @Test
    void rehearsal_laterCallsSeeEarlierRowsWhileOthersSeeNoneAndNeverWait() throws Exception {
        TestDatabase db = TestDatabases.migrated();
        Database database = db.database();
        try (Connection outside = DriverManager.getConnection(db.jdbcUrl())) {
            outside.createStatement().execute("INSERT INTO " + TestDatabases.SCHEMA + ".domain_mappings"
                    + " (domain_name, group_id, stack_id, stack_name) VALUES ('real.example.com', 'g-0', 's', 's')");

            int rehearsed = Rehearsal.run(() -> {
                database.inTransaction(connection -> {
                    ClaimsAndMappings.lock(connection);
                    return Sql.update(connection, INSERT);
                });
                assertThat(count(outside, "domain_mappings")).isEqualTo(1);
                assertThat(lockTakenWithoutWaiting(outside)).isTrue();
                return database.inTransaction(connection -> Sql.count(connection,
                        "SELECT count(*) FROM domain_mappings"));
            });

            assertThat(rehearsed).isEqualTo(1);
            assertThat(count(outside, "domain_mappings")).isEqualTo(1);
            assertThat(Rehearsal.current()).isEmpty();
        }
        assertThat(db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name()
                + "' AND pid <> pg_backend_pid()")).isZero();
    }

    @Test
    void failedCallInARehearsal_isRolledBackToItsSavepointAndTheNextCallGoesOn() {
        Database database = TestDatabases.migrated().database();

        int rows = Rehearsal.run(() -> {
            database.inTransaction(connection -> Sql.update(connection, INSERT));
            try {
                database.inTransaction(connection -> Sql.update(connection, INSERT));
            } catch (DatabaseException duplicate) {
                // The primary key refuses the second row; the rehearsal's transaction is still usable.
            }
            return database.inTransaction(connection -> Sql.count(connection, "SELECT count(*) FROM domain_mappings"));
        });

        assertThat(rows).isEqualTo(1);
    }

    private static int count(Connection connection, String table) {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + TestDatabases.SCHEMA + "." + table)) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lock a run's apply takes, on the real tables, within a second. */
    private static boolean lockTakenWithoutWaiting(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL lock_timeout = '1s'");
            statement.execute("LOCK TABLE " + TestDatabases.SCHEMA + ".domain_claims, " + TestDatabases.SCHEMA
                    + ".domain_mappings IN SHARE ROW EXCLUSIVE MODE");
            connection.rollback();
            connection.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("the rehearsal held a lock on the real tables: " + e.getMessage(), e);
        }
    }
}
