package dev.domainsync.registry;

import dev.domainsync.config.Config;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's PostgreSQL database: one connection and one transaction per call, Flyway migrations, and
 * errors translated into the two the workflow tells apart, retryable {@link DatabaseUnavailableException}
 * and {@link DatabaseException}.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Admin shutdown, crash shutdown, cannot connect now, too many connections; class 08 is checked apart. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private final PGSimpleDataSource dataSource;
    private final String schema;

    /**
     * A database reached through {@code jdbcUrl}, which may carry {@code user} and {@code password} query
     * parameters, working in {@code schema}. The URL is never logged nor put in a message.
     */
    public Database(String jdbcUrl, String schema) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(schema, "schema");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
        }
        this.schema = schema;
        this.dataSource = dataSource(jdbcUrl, schema);
    }

    /** The database of {@code DB_JDBC_URL} and {@code DB_SCHEMA}. */
    public static Database fromConfig(Config config) {
        if (config.jdbcUrl().isPresent()) {
            return new Database(config.jdbcUrl().get(), config.databaseSchema());
        }
        if (config.databaseSecretArn().isPresent()) {
            throw new Config.InvalidConfigException("DB_SECRET_ARN is not supported yet; set DB_JDBC_URL instead");
        }
        throw new Config.InvalidConfigException("DB_JDBC_URL is not set; the registry needs a jdbc:postgresql: URL");
    }

    /** The schema that holds the registry's tables and is first on the connections' search path. */
    public String schema() {
        return schema;
    }

    /**
     * Runs {@code work} in a transaction on a fresh connection: commits when it returns, rolls back when it
     * throws. A fresh connection per call keeps each step independent of whatever broke during the last one.
     *
     * @throws DatabaseUnavailableException when the database cannot be reached or drops the connection
     * @throws DatabaseException for any other SQL error
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Creates the schema if needed and applies the pending migrations of {@code db/migration}. */
    public void migrate() {
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            LOG.info("Schema {} migrated: {} migrations applied, now at version {}", schema,
                    result.migrationsExecuted, result.targetSchemaVersion);
        } catch (FlywayException e) {
            Optional<SQLException> sqlCause = sqlCause(e);
            if (sqlCause.isPresent() && isUnavailable(sqlCause.get())) {
                throw new DatabaseUnavailableException("database unavailable while migrating schema " + schema + ": "
                        + describe(sqlCause.get()), e);
            }
            throw new DatabaseException("migrating schema " + schema + " failed: " + e.getMessage(), e);
        }
    }

    /** Never prints the URL, which may carry a password. */
    @Override
    public String toString() {
        return "Database[schema=" + schema + "]";
    }

    static RuntimeException translate(SQLException e) {
        if (isUnavailable(e)) {
            return new DatabaseUnavailableException("database unavailable: " + describe(e), e);
        }
        return new DatabaseException("database error: " + describe(e), e);
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            // pgjdbc reports a connection lost mid-statement as an SQLException caused by the socket's IOException.
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(SQLException e) {
        String message = e.getMessage();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            message = psql.getServerErrorMessage().getMessage();
        }
        return "SQLState " + e.getSQLState() + ": " + message;
    }

    private static Optional<SQLException> sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl, String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            // pgjdbc moves user and password out of the URL into their own fields, so the URL it reports
            // (connection metadata, Flyway's log) carries neither.
            dataSource.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            // Its message repeats the URL: drop it.
            throw new IllegalArgumentException("the JDBC URL is not a valid jdbc:postgresql: URL");
        }
        dataSource.setCurrentSchema(schema);
        dataSource.setApplicationName("domain-sync");
        return dataSource;
    }
}
