package dev.domainsync.bench;

import dev.domainsync.registry.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the whole run, and a fresh, migrated database for each measurement, copied from a
 * migrated template so that no measurement sees another's rows.
 */
final class BenchDatabase implements AutoCloseable {

    static final String SCHEMA = "public";
    private static final String TEMPLATE = "bench_template";

    private final EmbeddedPostgres postgres;
    private final AtomicInteger created = new AtomicInteger();

    private BenchDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static BenchDatabase start() {
        try {
            BenchDatabase db = new BenchDatabase(EmbeddedPostgres.builder().start());
            db.execute("CREATE DATABASE " + TEMPLATE);
            new Database(db.url(TEMPLATE), SCHEMA).migrate();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A new migrated database; its JDBC URL is {@link #url(String)} of the returned name. */
    String fresh(String purpose) {
        String name = "bench_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_" + created.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return name;
    }

    Database database(String name) {
        return new Database(url(name), SCHEMA);
    }

    /** The same database reached through {@code link}, which relays to this server. */
    Database databaseVia(String name, NetworkLink link) {
        return new Database("jdbc:postgresql://127.0.0.1:" + link.port() + "/" + name + "?user=postgres", SCHEMA);
    }

    int port() {
        return postgres.getPort();
    }

    /** The local database's URL; the embedded server trusts local connections, so it carries no password. */
    String url(String name) {
        return postgres.getJdbcUrl("postgres", name);
    }

    private void execute(String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("bench database setup failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
