package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The single-row {@code run_lease} table that lets one run at a time stage and apply; a run renews it at
 * every step, and another execution may take it over only once it has expired.
 */
final class RunLease {

    private RunLease() {
    }

    /**
     * Takes or renews the lease for the run until {@code expiresAt}; returns the run of another execution whose
     * expired lease this took over (it crashed, timed out or was stopped without reaching FailRun).
     *
     * @throws RunInProgressException when another execution holds it beyond {@code now}
     */
    static Optional<Long> hold(Connection connection, long runId, String executionId, Instant now, Instant expiresAt)
            throws SQLException {
        Optional<Long> expired = Sql.first(connection, """
                SELECT run_id FROM run_lease WHERE execution_id <> ? AND expires_at < ? FOR UPDATE""",
                row -> row.getLong("run_id"), executionId, now);
        boolean held = Sql.first(connection, """
                INSERT INTO run_lease AS lease (singleton, run_id, execution_id, expires_at)
                VALUES (true, ?, ?, ?)
                ON CONFLICT (singleton) DO UPDATE
                   SET run_id = excluded.run_id, execution_id = excluded.execution_id, expires_at = excluded.expires_at
                 WHERE lease.execution_id = excluded.execution_id OR lease.expires_at < ?
                RETURNING run_id""", row -> row.getLong("run_id"), runId, executionId, expiresAt, now)
                .isPresent();
        if (!held) {
            throw inProgress(connection, executionId);
        }
        return expired;
    }

    static void release(Connection connection, long runId) throws SQLException {
        Sql.update(connection, "DELETE FROM run_lease WHERE run_id = ?", runId);
    }

    private static RunInProgressException inProgress(Connection connection, String executionId) throws SQLException {
        String holder = Sql.first(connection, "SELECT run_id, execution_id, expires_at FROM run_lease",
                        row -> "execution " + row.getString("execution_id") + " (run " + row.getLong("run_id")
                                + ") holds the run lease until " + Sql.instant(row, "expires_at"))
                .orElse("another execution holds the run lease");
        return new RunInProgressException("another run is in progress: " + holder + "; execution " + executionId
                + " changes nothing");
    }
}
