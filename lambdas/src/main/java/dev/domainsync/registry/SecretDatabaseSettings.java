package dev.domainsync.registry;

import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.config.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the database with the credentials of a Secrets Manager secret: the secret, the host, port and
 * database name that override or complete the secret's, TLS, and the registry's schema.
 */
public record SecretDatabaseSettings(String secretId, Optional<String> host, Optional<Integer> port,
        Optional<String> databaseName, SslMode sslMode, Optional<Path> sslRootCert, String schema) {

    public static final int DEFAULT_PORT = 5432;

    public SecretDatabaseSettings {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(schema, "schema");
        if (sslMode == SslMode.VERIFY_FULL && sslRootCert.isEmpty()) {
            throw new InvalidConfigException("DB_SSL_ROOT_CERT is not set: the database is reached with"
                    + " sslmode=verify-full, which needs the RDS certificate bundle (the JVM's default trust store does"
                    + " not hold the RDS certificate authorities); set DB_SSL_ROOT_CERT to the bundle's path");
        }
        sslRootCert.ifPresent(path -> {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new InvalidConfigException("DB_SSL_ROOT_CERT names no readable file: " + path);
            }
        });
    }
}
