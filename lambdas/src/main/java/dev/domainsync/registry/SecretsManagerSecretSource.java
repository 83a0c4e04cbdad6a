package dev.domainsync.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The production {@link SecretSource}: Secrets Manager's GetSecretValue through the AWS SDK v2. Failures name the
 * secret and the error code, never a value; the secret store being unreachable or throttling is retryable.
 */
public final class SecretsManagerSecretSource implements SecretSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretSource.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final SecretsManagerClient client;

    public SecretsManagerSecretSource(SecretsManagerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The production source, over one client per execution environment; building it reads no secret. */
    public static SecretsManagerSecretSource create(Optional<String> region, Optional<URI> endpoint) {
        return new SecretsManagerSecretSource(builder(region, endpoint).build());
    }

    /**
     * The url-connection HTTP client, the configured region (else the SDK's region chain), the configured
     * endpoint override, the default credentials chain and the SDK's default retries.
     */
    static SecretsManagerClientBuilder builder(Optional<String> region, Optional<URI> endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT));
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public String secretString(String secretId) {
        GetSecretValueResponse response;
        try {
            response = client.getSecretValue(request -> request.secretId(secretId));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
            String message = "reading secret " + secretId + " failed: " + code + " (HTTP " + e.statusCode() + ")";
            LOG.warn("{}", message);
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new DatabaseUnavailableException("secret store unavailable: " + message, e);
            }
            throw new DatabaseException(message, e);
        } catch (SdkClientException e) {
            // The client failed before or while talking to Secrets Manager (network, timeout): worth a retry.
            throw new DatabaseUnavailableException("secret store unavailable: reading secret " + secretId
                    + " failed: " + e.getClass().getSimpleName(), null);
        }
        if (response.secretString() == null) {
            throw new DatabaseException("secret " + secretId + " has no SecretString (a binary secret)", null);
        }
        return response.secretString();
    }
}
