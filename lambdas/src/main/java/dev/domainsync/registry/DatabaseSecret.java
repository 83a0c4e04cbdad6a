package dev.domainsync.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.util.Optional;

/**
 * The database credentials of a Secrets Manager secret in the shape RDS gives them:
 * {@code {"username", "password", "host", "port", "dbname", "engine"}}, of which only the first two are required
 * (an RDS-managed master user secret holds nothing else). Neither its toString nor a parse error shows the password.
 */
record DatabaseSecret(String username, String password, Optional<String> host, Optional<Integer> port,
        Optional<String> databaseName) {

    /**
     * Parses {@code secretString}; an error names the secret and the field, never a value.
     *
     * @throws DatabaseException when it is not such a JSON object
     */
    static DatabaseSecret parse(String secretId, String secretString) {
        JsonNode secret;
        try {
            secret = Json.mapper().readTree(secretString);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text it choked on: no cause, no message of it.
            throw new DatabaseException("secret " + secretId + " is not a JSON object", null);
        }
        if (secret == null || !secret.isObject()) {
            throw new DatabaseException("secret " + secretId + " is not a JSON object", null);
        }
        return new DatabaseSecret(required(secretId, secret, "username"), required(secretId, secret, "password"),
                optional(secret, "host"), port(secretId, secret), optional(secret, "dbname"));
    }

    @Override
    public String toString() {
        return "DatabaseSecret[username=" + username + ", password=(hidden), host=" + host + ", port=" + port
                + ", databaseName=" + databaseName + "]";
    }

    private static String required(String secretId, JsonNode secret, String field) {
        return optional(secret, field).orElseThrow(() -> new DatabaseException("secret " + secretId
                + " has no '" + field + "' string", null));
    }

    private static Optional<String> optional(JsonNode secret, String field) {
        JsonNode value = secret.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank()
                ? Optional.of(value.asText())
                : Optional.empty();
    }

    /** RDS writes the port as a number; a string of digits is taken too. */
    private static Optional<Integer> port(String secretId, JsonNode secret) {
        JsonNode value = secret.get("port");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText();
        if ((value.isIntegralNumber() || value.isTextual()) && text.matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return Optional.of(port);
            }
        }
        throw new DatabaseException("secret " + secretId + " has a 'port' that is not a port number", null);
    }
}
