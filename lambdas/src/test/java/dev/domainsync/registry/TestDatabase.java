package dev.domainsync.registry;

import dev.domainsync.run.MappingChange;
import java.time.Instant;
import java.util.List;

/**
 * One test's own database on the embedded server: its JDBC URL, a {@link Database} on it, the table the
 * application reads, and ways to make the database go away under a running test.
 */
public record TestDatabase(String name, String jdbcUrl) {

    /** One row of {@code domain_mappings}. */
    public record Mapping(String domainName, String groupId, String stackId, String stackName) {
    }

    /** One row of {@code domain_claims}. */
    public record ClaimRow(String stackId, String domainName, String groupId, Instant stackCreatedAt) {
    }

    /** One row of {@code mapping_changes}: the run or the request (and its source) that made the change. */
    public record ChangeRow(Long runId, String source, String requestId, MappingChange change) {
    }

    public Database database() {
        return new Database(jdbcUrl, TestDatabases.SCHEMA);
    }

    /** The rows of {@code domain_mappings} by domain name in byte order. */
    public List<Mapping> mappings() {
        return database().inTransaction(connection -> Sql.list(connection, """
                SELECT domain_name, group_id, stack_id, stack_name FROM domain_mappings
                 ORDER BY domain_name COLLATE "C\"""",
                row -> new Mapping(row.getString("domain_name"), row.getString("group_id"),
                        row.getString("stack_id"), row.getString("stack_name"))));
    }

    /** The rows of {@code domain_claims} by stack id, then domain name, in byte order. */
    public List<ClaimRow> claims() {
        return database().inTransaction(connection -> Sql.list(connection, """
                SELECT stack_id, domain_name, group_id, stack_created_at FROM domain_claims
                 ORDER BY stack_id COLLATE "C", domain_name COLLATE "C\"""",
                row -> new ClaimRow(row.getString("stack_id"), row.getString("domain_name"),
                        row.getString("group_id"), Sql.instant(row, "stack_created_at"))));
    }

    /** The change log in the order it was written. */
    public List<ChangeRow> changeLog() {
        return database().inTransaction(connection -> Sql.list(connection, """
                SELECT run_id, source, request_id, domain_name, action, old_group_id, new_group_id, old_stack_id,
                       new_stack_id, old_stack_name, new_stack_name
                  FROM mapping_changes ORDER BY change_id""",
                row -> new ChangeRow(row.getObject("run_id", Long.class), row.getString("source"),
                        row.getString("request_id"), new MappingChange(row.getString("domain_name"),
                        MappingChange.Action.valueOf(row.getString("action")), row.getString("old_group_id"),
                        row.getString("new_group_id"), row.getString("old_stack_id"), row.getString("new_stack_id"),
                        row.getString("old_stack_name"), row.getString("new_stack_name")))));
    }

    /** Runs a query of one whole-number column, such as a count. */
    public int count(String sql) {
        return database().inTransaction(connection -> Sql.count(connection, sql));
    }

    /**
     * Terminates every open connection to this database, as a server restart or failover would, and waits until
     * they are gone; a transaction in flight on one of them fails on its next statement.
     */
    public void terminateConnections() {
        TestDatabases.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()", name);
    }

    /** A TCP proxy in front of this database that can refuse and drop connections; close it after the test. */
    public DatabaseProxy proxy() {
        return DatabaseProxy.start(this);
    }
}
