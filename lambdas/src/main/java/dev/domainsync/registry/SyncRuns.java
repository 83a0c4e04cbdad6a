package dev.domainsync.registry;

import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunMode;
import dev.domainsync.run.RunStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code sync_runs} table: one row per execution, its choices, its status and its report. */
final class SyncRuns {

    static final int MAX_ERROR_LENGTH = 256;
    static final int MAX_CAUSE_LENGTH = 4096;

    private static final String COLUMNS =
            "run_id, execution_id, status, mode, start_time, since, dry_run, force, report::text AS report";

    /** A {@code sync_runs} row; mode and since are empty only for an execution refused before it had a run. */
    record StoredRun(long runId, String executionId, RunStatus status, Optional<RunMode> mode, Instant startTime,
            Optional<Instant> since, boolean dryRun, boolean force, Optional<String> reportJson) {

        RunContext context() {
            return new RunContext(runId, executionId, startTime,
                    since.orElseThrow(() -> refused()), mode.orElseThrow(() -> refused()), dryRun, force);
        }

        private IllegalStateException refused() {
            return new IllegalStateException("execution " + executionId + " was refused before it started a run (run "
                    + runId + " is " + status + ")");
        }
    }

    private SyncRuns() {
    }

    static Optional<StoredRun> byExecutionId(Connection connection, String executionId) throws SQLException {
        return Sql.first(connection, "SELECT " + COLUMNS + " FROM sync_runs WHERE execution_id = ? FOR UPDATE",
                SyncRuns::read, executionId);
    }

    /** Locks the run's row for the rest of the transaction: shared by stagePage, exclusive by the others. */
    static StoredRun lock(Connection connection, long runId, boolean exclusive) throws SQLException {
        String lock = exclusive ? "FOR UPDATE" : "FOR SHARE";
        return Sql.first(connection, "SELECT " + COLUMNS + " FROM sync_runs WHERE run_id = ? " + lock,
                        SyncRuns::read, runId)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " does not exist"));
    }

    /** Every SUCCEEDED run, for {@link Since#decide}; dry runs and failed runs never count. */
    static List<Since.SucceededRun> succeeded(Connection connection) throws SQLException {
        return Sql.list(connection, """
                SELECT since, start_time FROM sync_runs
                 WHERE status = 'SUCCEEDED'
                 ORDER BY start_time, run_id""",
                row -> new Since.SucceededRun(Sql.instant(row, "since"), Sql.instant(row, "start_time")));
    }

    /** The database server's clock: the start of the current transaction. */
    static Instant databaseNow(Connection connection) throws SQLException {
        return Sql.first(connection, "SELECT now() AS now", row -> Sql.instant(row, "now")).orElseThrow();
    }

    /** Records a RUNNING run; empty when a concurrent call recorded the same execution first. */
    static Optional<StoredRun> insertRunning(Connection connection, String executionId, Instant startTime,
            Instant since, RunMode mode, ExecutionInput input) throws SQLException {
        return Sql.first(connection, """
                INSERT INTO sync_runs (execution_id, status, mode, since, start_time, dry_run, force, comment)
                VALUES (?, 'RUNNING', ?, ?, ?, ?, ?, ?)
                ON CONFLICT (execution_id) DO NOTHING""" + " RETURNING " + COLUMNS,
                SyncRuns::read, executionId, mode.name(), since, startTime, input.dryRun(), input.force(),
                input.comment());
    }

    /** Records an execution that failed before it had a run; empty when the execution already has a row. */
    static Optional<Long> insertRefused(Connection connection, RunFailure failure) throws SQLException {
        return Sql.first(connection, """
                INSERT INTO sync_runs (execution_id, status, start_time, error, cause, finished_at)
                VALUES (?, 'FAILED', coalesce(?::timestamptz, now()), ?, ?, now())
                ON CONFLICT (execution_id) DO NOTHING
                RETURNING run_id""",
                row -> row.getLong("run_id"), failure.executionId(), failure.startTime(),
                truncate(failure.error(), MAX_ERROR_LENGTH), truncate(failure.cause(), MAX_CAUSE_LENGTH));
    }

    static void markFinished(Connection connection, long runId, RunStatus status, String reportJson)
            throws SQLException {
        Sql.update(connection, """
                UPDATE sync_runs SET status = ?, report = ?::jsonb, finished_at = now()
                 WHERE run_id = ?""", status.name(), reportJson, runId);
    }

    static void markFailed(Connection connection, long runId, String error, String cause) throws SQLException {
        Sql.update(connection, """
                UPDATE sync_runs SET status = 'FAILED', error = ?, cause = ?, finished_at = now()
                 WHERE run_id = ?""", truncate(error, MAX_ERROR_LENGTH), truncate(cause, MAX_CAUSE_LENGTH), runId);
    }

    private static String truncate(String text, int maxLength) {
        return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength - 3) + "...";
    }

    private static StoredRun read(ResultSet row) throws SQLException {
        return new StoredRun(
                row.getLong("run_id"),
                row.getString("execution_id"),
                RunStatus.valueOf(row.getString("status")),
                Optional.ofNullable(row.getString("mode")).map(RunMode::valueOf),
                Sql.instant(row, "start_time"),
                Optional.ofNullable(Sql.instant(row, "since")),
                row.getBoolean("dry_run"),
                row.getBoolean("force"),
                Optional.ofNullable(row.getString("report")));
    }
}
