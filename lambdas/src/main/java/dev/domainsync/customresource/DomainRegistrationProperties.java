package dev.domainsync.customresource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ResourceProperties} of {@code Custom::DomainRegistration}: the stack's {@code DomainName} (one domain
 * or a comma-separated list) and {@code GroupId}, as given; the sync rules normalise and validate them.
 */
public record DomainRegistrationProperties(Optional<String> domainName, Optional<String> groupId) {

    public static final String DOMAIN_NAME = "DomainName";
    public static final String GROUP_ID = "GroupId";

    /**
     * Reads the two properties; CloudFormation passes scalars as strings, so a list or an object is malformed.
     *
     * @throws InvalidInputException naming the property that is not a string
     */
    public static DomainRegistrationProperties parse(JsonNode properties) {
        if (properties == null || properties.isNull() || properties.isMissingNode()) {
            return new DomainRegistrationProperties(Optional.empty(), Optional.empty());
        }
        if (!properties.isObject()) {
            throw new InvalidInputException("ResourceProperties must be an object");
        }
        return new DomainRegistrationProperties(text(properties, DOMAIN_NAME), text(properties, GROUP_ID));
    }

    /** The properties as the stack parameters that {@link dev.domainsync.rules.ClaimExtractor} reads. */
    public Map<String, String> asParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        domainName.ifPresent(value -> parameters.put(DOMAIN_NAME, value));
        groupId.ifPresent(value -> parameters.put(GROUP_ID, value));
        return parameters;
    }

    private static Optional<String> text(JsonNode properties, String name) {
        JsonNode value = properties.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isContainerNode()) {
            throw new InvalidInputException("ResourceProperties." + name + " must be a string, got a JSON "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(value.asText());
    }
}
