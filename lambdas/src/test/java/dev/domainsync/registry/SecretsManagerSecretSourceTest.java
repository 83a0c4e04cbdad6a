package dev.domainsync.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.domainsync.config.Config;
import dev.domainsync.config.SslMode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Drives the real SDK client over HTTP against a stub speaking Secrets Manager's JSON protocol. */
class SecretsManagerSecretSourceTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-db-credentials-AbCdEf";
    private static final String PASSWORD = "Wm-Pa55word-3";

    @RegisterExtension
    static final WireMockExtension SECRETS_MANAGER = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    private SecretsManagerClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void getSecretValue_isAJsonProtocolPostAndGivesTheSecretString() {
        SECRETS_MANAGER.stubFor(getSecretValue().willReturn(secret("{\"username\": \"u\", \"password\": \"p\"}")));

        String value = source(true).secretString(ARN);

        assertThat(value).isEqualTo("{\"username\": \"u\", \"password\": \"p\"}");
        SECRETS_MANAGER.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("{\"SecretId\": \"" + ARN + "\"}")));
    }

    @Test
    void databaseThroughTheSdk_readsTheSecretOnceAndConnects() {
        TestDatabase testDb = TestDatabases.migrated();
        TestDatabases.setPasswordRole(PASSWORD);
        SECRETS_MANAGER.stubFor(getSecretValue().willReturn(secret(SecretDatabaseTest.secretFor(testDb, PASSWORD))));
        Database db = Database.withSecret(new SecretDatabaseSettings(ARN, Optional.empty(), Optional.empty(),
                Optional.empty(), SslMode.DISABLE, Optional.empty(), TestDatabases.SCHEMA), source(true));

        String user = db.inTransaction(connection -> connection.getMetaData().getUserName());
        db.inTransaction(connection -> connection.getMetaData().getUserName());

        assertThat(user).isEqualTo(TestDatabases.PASSWORD_ROLE);
        SECRETS_MANAGER.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void missingSecret_isDatabaseExceptionNamingTheSecretAndTheCode() {
        SECRETS_MANAGER.stubFor(getSecretValue().willReturn(error(400, "ResourceNotFoundException",
                "Secrets Manager can't find the specified secret.")));

        Throwable thrown = catchThrowable(() -> source(false).secretString(ARN));

        assertThat(thrown).isExactlyInstanceOf(DatabaseException.class)
                .hasMessage("reading secret " + ARN + " failed: ResourceNotFoundException (HTTP 400)");
    }

    @Test
    void throttling_isDatabaseUnavailable() {
        SECRETS_MANAGER.stubFor(getSecretValue().willReturn(error(400, "ThrottlingException", "Rate exceeded")));

        assertThat(catchThrowable(() -> source(false).secretString(ARN)))
                .isExactlyInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("ThrottlingException");
    }

    @Test
    void serviceError_isDatabaseUnavailable() {
        SECRETS_MANAGER.stubFor(getSecretValue().willReturn(error(500, "InternalServiceError", "oops")));

        assertThat(catchThrowable(() -> source(false).secretString(ARN)))
                .isExactlyInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("InternalServiceError (HTTP 500)");
    }

    @Test
    void nothingListening_isDatabaseUnavailable() {
        Config config = Config.from(Map.of("AWS_REGION", "eu-west-1",
                "SECRETS_MANAGER_ENDPOINT_URL", "http://127.0.0.1:" + closedPort()));
        client = SecretsManagerSecretSource.builder(config.region(), config.secretsManagerEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();

        assertThat(catchThrowable(() -> new SecretsManagerSecretSource(client).secretString(ARN)))
                .isExactlyInstanceOf(DatabaseUnavailableException.class)
                .hasMessage("secret store unavailable: reading secret " + ARN + " failed: SdkClientException");
    }

    /** A source over the production client settings pointed at the stub; {@code retries} false for error tests. */
    private SecretsManagerSecretSource source(boolean retries) {
        Config config = Config.from(Map.of("AWS_REGION", "eu-west-1",
                "SECRETS_MANAGER_ENDPOINT_URL", SECRETS_MANAGER.baseUrl()));
        var builder = SecretsManagerSecretSource.builder(config.region(), config.secretsManagerEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")));
        if (!retries) {
            builder.overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        client = builder.build();
        return new SecretsManagerSecretSource(client);
    }

    private static MappingBuilder getSecretValue() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
    }

    private static ResponseDefinitionBuilder secret(String secretString) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(Json.mapper().createObjectNode()
                        .put("ARN", ARN)
                        .put("Name", "rds-db-credentials")
                        .put("VersionId", "b1c2d3e4-0000-4000-8000-000000000001")
                        .put("SecretString", secretString)
                        .put("CreatedDate", 1.7408e9)
                        .toString());
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\": \"" + type + "\", \"message\": \"" + message + "\"}");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
