package dev.domainsync.config;

import dev.domainsync.rules.SyncSettings;
import java.net.URI;
import java.net.URISyntaxException;
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
        String databaseSchema,
        Duration leaseDuration) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(30);

    public static Config fromEnv() {
        return from(System.getenv());
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
                reader.optional("DB_SECRET_ARN"),
                reader.identifier("DB_SCHEMA", "public"),
                reader.duration("LEASE_DURATION", DEFAULT_LEASE_DURATION));
    }

    /** Never prints the JDBC URL, which may carry a password. */
    @Override
    public String toString() {
        return "Config[sync=" + sync + ", region=" + region + ", cloudFormationEndpoint=" + cloudFormationEndpoint
                + ", jdbcUrl=" + jdbcUrl.map(url -> "(set)") + ", databaseSecretArn=" + databaseSecretArn
                + ", databaseSchema=" + databaseSchema + ", leaseDuration=" + leaseDuration + "]";
    }

    /** Thrown when an environment variable is present but invalid; names the variable, never its secret parts. */
    public static class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(String message) {
            super(message);
        }
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

        String jdbcUrl(String name, String value) {
            // The URL may carry a password: the message names the variable only.
            if (!value.startsWith("jdbc:postgresql:")) {
                throw new InvalidConfigException(name + " must start with jdbc:postgresql:");
            }
            return value;
        }
    }
}
