package dev.domainsync.config;

import dev.domainsync.rules.SyncSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting of the functions, read from the environment in this one place and validated; an invalid
 * variable is named in the error. Settings a function does not use may be absent.
 */
public record Config(
        SyncSettings sync,
        Optional<String> region,
        Optional<URI> cloudFormationEndpoint,
        Optional<String> jdbcUrl,
        Optional<String> databaseSecretArn,
        Optional<URI> secretsManagerEndpoint,
        Optional<String> databaseHost,
        Optional<Integer> databasePort,
        Optional<String> databaseName,
        SslMode databaseSslMode,
        Optional<Path> databaseSslRootCert,
        String databaseSchema,
        Duration leaseDuration) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(30);

    /** domain-sync's own schema, beside whatever the application keeps in {@code public}. */
    public static final String DEFAULT_DATABASE_SCHEMA = "domain_sync";

    public static Config fromEnv() {
        return from(System.getenv());
    }

    /**
     * The environment's settings with {@code overrides} (by the same variable names) taking precedence: what a
     * command line uses, so that its options and the functions' variables mean the same thing.
     */
    public static Config fromEnv(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(System.getenv());
        merged.putAll(overrides);
        return from(merged);
    }

    /** Reads the settings from {@code env}, a map of environment variables. */
    public static Config from(Map<String, String> env) {
        Reader reader = new Reader(env);
        SyncSettings sync = new SyncSettings(
                reader.pattern("DESCRIPTION_PATTERN", SyncSettings.DEFAULT_DESCRIPTION_PATTERN),
                reader.parameterKey("DOMAIN_PARAMETER", SyncSettings.DEFAULT_DOMAIN_PARAMETER),
                reader.parameterKey("GROUP_PARAMETER", SyncSettings.DEFAULT_GROUP_PARAMETER),
                reader.duration("OVERLAP", SyncSettings.DEFAULT_OVERLAP),
                reader.percent("PRUNE_GUARD_PERCENT", SyncSettings.DEFAULT_PRUNE_GUARD_PERCENT));
        return new Config(
                sync,
                reader.optional("AWS_REGION"),
                reader.optional("CLOUDFORMATION_ENDPOINT_URL").map(value -> reader.uri("CLOUDFORMATION_ENDPOINT_URL", value)),
                reader.optional("DB_JDBC_URL").map(value -> reader.jdbcUrl("DB_JDBC_URL", value)),
                reader.optional("DB_SECRET_ARN").map(value -> reader.secretArn("DB_SECRET_ARN", value)),
                reader.optional("SECRETS_MANAGER_ENDPOINT_URL")
                        .map(value -> reader.uri("SECRETS_MANAGER_ENDPOINT_URL", value)),
                reader.optional("DB_HOST").map(value -> reader.host("DB_HOST", value)),
                reader.optional("DB_PORT").map(value -> reader.port("DB_PORT", value)),
                reader.optional("DB_NAME").map(value -> reader.databaseName("DB_NAME", value)),
                reader.sslMode("DB_SSL_MODE"),
                reader.optional("DB_SSL_ROOT_CERT").map(value -> reader.path("DB_SSL_ROOT_CERT", value)),
                reader.identifier("DB_SCHEMA", DEFAULT_DATABASE_SCHEMA),
                reader.duration("LEASE_DURATION", DEFAULT_LEASE_DURATION));
    }

    /** Never prints the JDBC URL, which may carry a password. */
    @Override
    public String toString() {
        return "Config[sync=" + sync + ", region=" + region + ", cloudFormationEndpoint=" + cloudFormationEndpoint
                + ", jdbcUrl=" + jdbcUrl.map(url -> "(set)") + ", databaseSecretArn=" + databaseSecretArn
                + ", secretsManagerEndpoint=" + secretsManagerEndpoint + ", databaseHost=" + databaseHost
                + ", databasePort=" + databasePort + ", databaseName=" + databaseName + ", databaseSslMode="
                + databaseSslMode + ", databaseSslRootCert=" + databaseSslRootCert + ", databaseSchema="
                + databaseSchema + ", leaseDuration=" + leaseDuration + "]";
    }

    private record Reader(Map<String, String> env) {

        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        Pattern pattern(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            try {
                return Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new InvalidConfigException(name + " is not a valid Java regular expression: " + e.getDescription());
            }
        }

        String parameterKey(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            if (!value.matches("[A-Za-z0-9]{1,255}")) {
                throw new InvalidConfigException(name + " must be a CloudFormation parameter key (1-255 letters and digits)");
            }
            return value;
        }

        String identifier(String name, String fallback) {
            String value = optional(name).orElse(fallback);
            if (!value.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new InvalidConfigException(name + " must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63)");
            }
            return value;
        }

        Duration duration(String name, Duration fallback) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                Duration duration = Duration.parse(value.get());
                if (duration.isNegative()) {
                    throw new InvalidConfigException(name + " must not be negative");
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw new InvalidConfigException(name + " must be an ISO-8601 duration such as PT6H");
            }
        }

        int percent(String name, int fallback) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int percent = Integer.parseInt(value.get());
                if (percent < 0 || percent > 100) {
                    throw new InvalidConfigException(name + " must be a whole number from 0 to 100");
                }
                return percent;
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(name + " must be a whole number from 0 to 100");
            }
        }

        URI uri(String name, String value) {
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new InvalidConfigException(name + " must be an http or https URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new InvalidConfigException(name + " is not a valid URL");
            }
        }

        String secretArn(String name, String value) {
            // Secrets Manager takes a secret's name as well as its ARN; a local endpoint may only know names.
            if (!value.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+")
                    && !value.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
                throw new InvalidConfigException(name + " must be a Secrets Manager secret ARN"
                        + " (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or a secret name");
            }
            return value;
        }

        String host(String name, String value) {
            if (!value.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+\\]")) {
                throw new InvalidConfigException(name + " must be a host name or an IP address");
            }
            return value;
        }

        int port(String name, String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new InvalidConfigException(name + " must be a port number from 1 to 65535");
        }

        String databaseName(String name, String value) {
            if (value.length() > 63) {
                throw new InvalidConfigException(name + " must be a PostgreSQL database name (at most 63 characters)");
            }
            return value;
        }

        SslMode sslMode(String name) {
            String value = optional(name).orElse(SslMode.VERIFY_FULL.value());
            for (SslMode mode : SslMode.values()) {
                if (mode.value().equals(value)) {
                    return mode;
                }
            }
            throw new InvalidConfigException(name + " must be verify-full (the default) or disable (local use only)");
        }

        Path path(String name, String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new InvalidConfigException(name + " is not a valid file path");
            }
        }

        String jdbcUrl(String name, String value) {
            // The URL may carry a password: the message names the variable only.
            if (!value.startsWith("jdbc:postgresql:")) {
                throw new InvalidConfigException(name + " must start with jdbc:postgresql:");
            }
            return value;
        }
    }
}
