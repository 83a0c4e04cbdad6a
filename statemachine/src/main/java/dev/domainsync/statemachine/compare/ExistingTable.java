package dev.domainsync.statemachine.compare;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.core.SqlCommandType;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Reads the table that the application reads today with the operator's own query, and nothing else: the query must
 * be one SELECT (checked with the driver's own statement splitter, so what is checked is what is sent) returning
 * two columns, and it runs in a READ ONLY transaction that is rolled back, on a connection of its own with the
 * database's usual search path.
 */
public final class ExistingTable {

    private ExistingTable() {
    }

    /** The query's rows, first column the domain, second the group, as the database returns them. */
    public static List<ExistingRow> read(String jdbcUrl, String query) {
        String select = singleSelect(query);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setApplicationName("domain-sync compare");
        dataSource.setReadOnly(true);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            // A plain statement, so that a ? in the query is an operator rather than a parameter to bind.
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(select)) {
                ResultSetMetaData columns = rows.getMetaData();
                if (columns.getColumnCount() != 2) {
                    throw new InvalidExistingQueryException("--existing-query must return two columns (domain, group),"
                            + " not " + columns.getColumnCount() + " (" + names(columns) + ")");
                }
                List<ExistingRow> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(new ExistingRow(rows.getString(1), rows.getString(2)));
                }
                return found;
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new InvalidExistingQueryException("--existing-query failed: " + firstLine(e.getMessage()));
        }
    }

    /** {@code query} when it is exactly one SELECT (a WITH ... SELECT included); a trailing semicolon is fine. */
    public static String singleSelect(String query) {
        List<NativeQuery> statements;
        try {
            statements = Parser.parseJdbcSql(query, true, false, true, false, false);
        } catch (SQLException e) {
            throw new InvalidExistingQueryException("--existing-query cannot be parsed: " + firstLine(e.getMessage()));
        }
        if (statements.size() != 1) {
            throw new InvalidExistingQueryException("--existing-query must be one SELECT statement, not "
                    + statements.size());
        }
        NativeQuery statement = statements.get(0);
        if (statement.command.getType() != SqlCommandType.SELECT) {
            throw new InvalidExistingQueryException("--existing-query must be a SELECT (domain, group FROM ...), not \""
                    + firstLine(statement.nativeSql.strip()) + "\"");
        }
        return statement.nativeSql;
    }

    private static String names(ResultSetMetaData columns) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            names.add(columns.getColumnLabel(i));
        }
        return String.join(", ", names);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
