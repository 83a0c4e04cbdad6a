package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;

/** The body of one transaction: JDBC work on a connection that {@link Database} commits or rolls back. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
