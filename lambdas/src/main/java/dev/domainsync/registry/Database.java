package dev.domainsync.registry;

import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.json.Rehearsal;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300",
            // Serialization failure and deadlock: the server rolled the transaction back; every step is idempotent.
            "40001", "40P01");

    /** A half-open connection fails the statement after this long (and is retried) instead of hanging the step. */
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    /** invalid_password: the credentials were refused, perhaps because the secret was rotated. */
    static final String AUTHENTICATION_FAILED = "28P01";

    /** Where the connections come from: a fixed data source, or one built from a secret and renewed with it. */
    interface DataSources {

        PGSimpleDataSource current();

        /** Forgets {@code rejected}, whose credentials were refused; true when {@link #current()} may do better. */
        boolean renew(PGSimpleDataSource rejected);
    }

    private final DataSources dataSources;
    private final String schema;

    /**
     * A database reached through {@code jdbcUrl}, which may carry {@code user} and {@code password} query
     * parameters, working in {@code schema}. The URL is never logged nor put in a message.
     */
    public Database(String jdbcUrl, String schema) {
        this(fixed(dataSource(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), checked(schema))), schema);
    }

    private Database(DataSources dataSources, String schema) {
        this.schema = checked(schema);
        this.dataSources = dataSources;
    }

    /**
     * A database reached with the credentials of a secret, which is read on the first connection (not here) and
     * read again once when the database refuses them.
     */
    public static Database withSecret(SecretDatabaseSettings settings, SecretSource secrets) {
        return new Database(new SecretDataSource(settings, secrets), settings.schema());
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
        Optional<Rehearsal> rehearsal = Rehearsal.current();
        if (rehearsal.isPresent()) {
            return rehearsed(rehearsal.get(), work);
        }
        try (Connection connection = connect()) {
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

    /**
     * A transaction of a priming rehearsal: a savepoint on the rehearsal's one connection, whose transaction is
     * never committed (see {@link RehearsalConnection}), so that a later call of the rehearsal sees this one's rows.
     */
    private <T> T rehearsed(Rehearsal rehearsal, SqlWork<T> work) {
        try {
            Connection connection = rehearsal.resource(this,
                    () -> RehearsalConnection.open(connect(), schema)).connection();
            Savepoint savepoint = connection.setSavepoint();
            try {
                T result = work.run(connection);
                connection.releaseSavepoint(savepoint);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, savepoint, e);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Creates the schema if needed and applies the pending migrations of {@code db/migration}, with Flyway's history
     * table in that schema.
     *
     * @throws SchemaPrivilegeException when the role may not create the schema or work in it, naming what to grant
     */
    public void migrate() {
        PGSimpleDataSource dataSource = dataSources.current();
        try {
            migrate(dataSource);
        } catch (DatabaseException e) {
            if (sqlCause(e).filter(Database::isAuthenticationFailure).isPresent() && dataSources.renew(dataSource)) {
                LOG.warn("Database refused the credentials (SQLState {}) while migrating; reading them again",
                        AUTHENTICATION_FAILED);
                migrate(dataSources.current());
                return;
            }
            throw e;
        }
    }

    private void migrate(PGSimpleDataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SchemaPrivileges.require(connection, schema);
        } catch (SQLException e) {
            throw translate(e);
        }
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

    /** A connection; credentials the database refuses are renewed once (a rotated secret) and tried again. */
    private Connection connect() throws SQLException {
        PGSimpleDataSource dataSource = dataSources.current();
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            if (isAuthenticationFailure(e) && dataSources.renew(dataSource)) {
                LOG.warn("Database refused the credentials (SQLState {}); reading them again", AUTHENTICATION_FAILED);
                return dataSources.current().getConnection();
            }
            throw e;
        }
    }

    private static boolean isAuthenticationFailure(SQLException e) {
        return AUTHENTICATION_FAILED.equals(e.getSQLState());
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

    private static void rollback(Connection connection, Savepoint savepoint, Exception failure) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static String checked(String schema) {
        Objects.requireNonNull(schema, "schema");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier: " + schema);
        }
        return schema;
    }

    private static DataSources fixed(PGSimpleDataSource dataSource) {
        return new DataSources() {
            @Override
            public PGSimpleDataSource current() {
                return dataSource;
            }

            @Override
            public boolean renew(PGSimpleDataSource rejected) {
                return false;
            }
        };
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl, String schema) {
        JdbcUrl.check(jdbcUrl);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        // pgjdbc moves user and password out of the URL into their own fields, so the URL it reports
        // (connection metadata, Flyway's log) carries neither.
        dataSource.setURL(jdbcUrl);
        pinTo(dataSource, schema);
        dataSource.setApplicationName("domain-sync");
        dataSource.setTcpKeepAlive(true);
        if (dataSource.getSocketTimeout() == 0) {
            dataSource.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        }
        return dataSource;
    }

    /**
     * Makes {@code schema} the connections' whole search path, so every unqualified name in domain-sync's SQL means
     * that schema's object or fails, and never falls through to {@code public} or the role's own schema.
     */
    static void pinTo(PGSimpleDataSource dataSource, String schema) {
        dataSource.setCurrentSchema(schema);
    }
}
