package dev.domainsync.registry;

/**
 * One test's own database on the embedded server: its JDBC URL, a {@link Database} on it, and ways to make
 * the database go away under a running test.
 */
public record TestDatabase(String name, String jdbcUrl) {

    public Database database() {
        return new Database(jdbcUrl, TestDatabases.SCHEMA);
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
