package dev.domainsync.registry;

import dev.domainsync.config.InvalidConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Checks a {@code jdbc:postgresql:} URL before the first connection, so that a typo is a configuration error named
 * at once instead of a connection failure that the workflow retries, a {@code NumberFormatException}, or a setting
 * pgjdbc silently ignores ({@code sslMode=verify-full} is not {@code sslmode}). Messages name the parameter and
 * what it must be, never the URL nor a value.
 */
final class JdbcUrl {

    /** pgjdbc's own keys for the URL's host, port and database. */
    private static final Set<String> ADDRESS_KEYS = Set.of("PGHOST", "PGPORT", "PGDBNAME");

    /** pgjdbc reads {@code ssl} as a flag; anything but these is a mistake. */
    private static final Set<String> BOOLEAN_WITHOUT_DEFAULT = Set.of("ssl");

    private JdbcUrl() {
    }

    /**
     * @throws InvalidConfigException when the URL is malformed or a parameter is unknown, not one of its choices,
     *         not a whole number or not a boolean where pgjdbc wants one, or sets the schema that domain-sync pins
     */
    static void check(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException("the JDBC URL must start with jdbc:postgresql:");
        }
        Properties properties = Driver.parseURL(jdbcUrl, null);
        if (properties == null) {
            throw new InvalidConfigException("the JDBC URL is not a valid jdbc:postgresql: URL"
                    + " (jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMETER=VALUE&...], the port a number)");
        }
        for (String key : properties.stringPropertyNames()) {
            if (!ADDRESS_KEYS.contains(key)) {
                checkParameter(key, properties.getProperty(key));
            }
        }
    }

    private static void checkParameter(String key, String value) {
        PGProperty property = PGProperty.forName(key);
        if (property == null) {
            throw new InvalidConfigException("the JDBC URL has an unknown parameter '" + key + "'" + suggestion(key)
                    + "; pgjdbc would ignore it");
        }
        if (property == PGProperty.CURRENT_SCHEMA
                || property == PGProperty.OPTIONS && value.toLowerCase(Locale.ROOT).contains("search_path")) {
            throw new InvalidConfigException("the JDBC URL sets the schema (" + key + "); domain-sync works only in"
                    + " the schema of DB_SCHEMA (default domain_sync): remove it from the URL");
        }
        String[] choices = property.getChoices();
        if (choices != null && Arrays.stream(choices).noneMatch(choice -> choice.equalsIgnoreCase(value))) {
            throw new InvalidConfigException("the JDBC URL's parameter " + key + " must be one of "
                    + String.join(", ", choices));
        }
        String defaultValue = property.getDefaultValue();
        if (defaultValue != null && defaultValue.matches("-?[0-9]+") && !value.matches("-?[0-9]{1,9}")) {
            throw new InvalidConfigException("the JDBC URL's parameter " + key + " must be a whole number");
        }
        if ((BOOLEAN_WITHOUT_DEFAULT.contains(key) || "true".equals(defaultValue) || "false".equals(defaultValue))
                && choices == null && !value.matches("(?i)true|false") && !(value.isEmpty() && key.equals("ssl"))) {
            throw new InvalidConfigException("the JDBC URL's parameter " + key + " must be true or false");
        }
    }

    private static String suggestion(String key) {
        for (PGProperty property : PGProperty.values()) {
            if (property.getName().equalsIgnoreCase(key)) {
                return " (did you mean " + property.getName() + "?)";
            }
        }
        return "";
    }
}
