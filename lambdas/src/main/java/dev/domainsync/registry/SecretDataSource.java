package dev.domainsync.registry;

import dev.domainsync.config.InvalidConfigException;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data source of a database whose credentials live in a secret: built on the first connection (never at
 * construction, so a SnapStart snapshot holds no secret), kept for the execution environment, and built again
 * from a fresh read of the secret after an authentication failure, in case the secret was rotated.
 */
final class SecretDataSource implements Database.DataSources {

    private static final Logger LOG = LoggerFactory.getLogger(SecretDataSource.class);

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final SecretDatabaseSettings settings;
    private final SecretSource secrets;
    private PGSimpleDataSource current;

    SecretDataSource(SecretDatabaseSettings settings, SecretSource secrets) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    @Override
    public synchronized PGSimpleDataSource current() {
        if (current == null) {
            DatabaseSecret secret = DatabaseSecret.parse(settings.secretId(), secrets.secretString(settings.secretId()));
            current = dataSource(settings, secret);
            LOG.info("Database credentials read from secret {}: user {} at {}:{}/{}, sslmode {}", settings.secretId(),
                    secret.username(), current.getServerNames()[0], current.getPortNumbers()[0],
                    current.getDatabaseName(), current.getSslMode());
        }
        return current;
    }

    @Override
    public synchronized boolean renew(PGSimpleDataSource rejected) {
        if (current == rejected) {
            current = null;
        }
        return true;
    }

    /** The settings override the secret's host, port and database name, or complete a secret without them. */
    static PGSimpleDataSource dataSource(SecretDatabaseSettings settings, DatabaseSecret secret) {
        String host = settings.host().or(secret::host).orElseThrow(() -> new InvalidConfigException(
                "DB_HOST is not set and secret " + settings.secretId() + " has no 'host'"));
        String databaseName = settings.databaseName().or(secret::databaseName).orElseThrow(() ->
                new InvalidConfigException("DB_NAME is not set and secret " + settings.secretId() + " has no 'dbname'"));
        int port = settings.port().or(secret::port).orElse(SecretDatabaseSettings.DEFAULT_PORT);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(databaseName);
        dataSource.setUser(secret.username());
        dataSource.setPassword(secret.password());
        dataSource.setSslMode(settings.sslMode().value());
        settings.sslRootCert().ifPresent(path -> dataSource.setSslRootCert(path.toString()));
        dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        dataSource.setSocketTimeout(Database.SOCKET_TIMEOUT_SECONDS);
        dataSource.setTcpKeepAlive(true);
        Database.pinTo(dataSource, settings.schema());
        dataSource.setApplicationName("domain-sync");
        return dataSource;
    }
}
