package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The event path's own table, {@code event_stack_versions}: the version of each stack it last applied (or that the
 * stack is gone, for good), the execution that applied it, and when, which a run that started earlier respects.
 */
final class EventStackVersions {

    /** A row: {@code versionTime} is null only for a stack that was gone the first time the event path saw it. */
    record Applied(Instant versionTime, Instant goneAt, String executionId) {

        boolean gone() {
            return goneAt != null;
        }
    }

    private EventStackVersions() {
    }

    static Optional<Applied> find(Connection connection, String stackId) throws SQLException {
        return Sql.first(connection, """
                SELECT version_time, gone_at, execution_id FROM event_stack_versions WHERE stack_id = ?""",
                row -> new Applied(Sql.instant(row, "version_time"), Sql.instant(row, "gone_at"),
                        row.getString("execution_id")), stackId);
    }

    static void saveVersion(Connection connection, String stackId, Instant versionTime, String executionId)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO event_stack_versions (stack_id, version_time, updated_at, execution_id)
                VALUES (?, ?, now(), ?)
                ON CONFLICT (stack_id) DO UPDATE
                   SET version_time = excluded.version_time, updated_at = excluded.updated_at,
                       execution_id = excluded.execution_id""", stackId, versionTime, executionId);
    }

    /** Marks the stack gone; the version it had stays for the audit. */
    static void saveGone(Connection connection, String stackId, String executionId) throws SQLException {
        Sql.update(connection, """
                INSERT INTO event_stack_versions (stack_id, gone_at, updated_at, execution_id)
                VALUES (?, now(), now(), ?)
                ON CONFLICT (stack_id) DO UPDATE
                   SET gone_at = excluded.gone_at, updated_at = excluded.updated_at,
                       execution_id = excluded.execution_id""", stackId, executionId);
    }
}
