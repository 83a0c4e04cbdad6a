package dev.domainsync.wiring;

import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.config.Config;
import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.registry.Database;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.PostgresStackClaims;
import dev.domainsync.registry.PostgresStackEventRegistry;
import dev.domainsync.registry.SecretDatabaseSettings;
import dev.domainsync.registry.SecretsManagerSecretSource;

/**
 * The one place where the production collaborators are built from {@link Config}: the handlers' no-arg
 * constructors and the command line call it, so CloudFormation and registry code never read the configuration.
 */
public final class Collaborators {

    private Collaborators() {
    }

    /** The CloudFormation catalog over one client of this execution environment, with the configured region and endpoint. */
    public static SdkStackCatalog stackCatalog(Config config) {
        return SdkStackCatalog.create(config.region(), config.cloudFormationEndpoint());
    }

    /** The registry of the scheduled workflow's runs; it connects nothing until its first call. */
    public static PostgresDomainRegistry domainRegistry(Config config) {
        return PostgresDomainRegistry.migratingOnFirstUse(database(config), config.sync(), config.leaseDuration());
    }

    /** The custom resource's claims; it connects nothing until its first call. */
    public static PostgresStackClaims stackClaims(Config config) {
        return PostgresStackClaims.migratingOnFirstUse(database(config));
    }

    /** The event path's registry; it connects nothing until its first call. */
    public static PostgresStackEventRegistry stackEventRegistry(Config config) {
        return PostgresStackEventRegistry.migratingOnFirstUse(database(config));
    }

    /**
     * The database of {@code DB_JDBC_URL} (local runs), or of {@code DB_SECRET_ARN} with {@code DB_HOST},
     * {@code DB_PORT}, {@code DB_NAME} and {@code DB_SSL_*} (on AWS), working in {@code DB_SCHEMA}.
     */
    public static Database database(Config config) {
        if (config.jdbcUrl().isPresent() && config.databaseSecretArn().isPresent()) {
            throw new InvalidConfigException("DB_JDBC_URL and DB_SECRET_ARN are both set; set one of them");
        }
        if (config.jdbcUrl().isPresent()) {
            return new Database(config.jdbcUrl().get(), config.databaseSchema());
        }
        if (config.databaseSecretArn().isPresent()) {
            return Database.withSecret(secretDatabaseSettings(config),
                    SecretsManagerSecretSource.create(config.region(), config.secretsManagerEndpoint()));
        }
        throw new InvalidConfigException("neither DB_JDBC_URL nor DB_SECRET_ARN is set; the registry needs a"
                + " jdbc:postgresql: URL or a Secrets Manager secret with the database credentials");
    }

    /** The settings of {@code DB_SECRET_ARN}, {@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME} and {@code DB_SSL_*}. */
    public static SecretDatabaseSettings secretDatabaseSettings(Config config) {
        String secretId = config.databaseSecretArn()
                .orElseThrow(() -> new InvalidConfigException("DB_SECRET_ARN is not set"));
        return new SecretDatabaseSettings(secretId, config.databaseHost(), config.databasePort(),
                config.databaseName(), config.databaseSslMode(), config.databaseSslRootCert(),
                config.databaseSchema());
    }
}
