package dev.domainsync.registry;

import java.util.List;

/**
 * One test's own database on the embedded server: its JDBC URL, a {@link Database} on it, the table the
 * application reads, and ways to make the database go away under a running test.
 */
public record TestDatabase(String name, String jdbcUrl) {

    /** One row of {@code domain_mappings}. */
    public record Mapping(String domainName, String groupId, String stackId, String stackName) {
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
