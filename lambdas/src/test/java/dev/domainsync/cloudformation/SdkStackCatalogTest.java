package dev.domainsync.cloudformation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.domainsync.config.Config;
import dev.domainsync.rules.StackSummary;
import dev.domainsync.wiring.Collaborators;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Drives the real SDK client over HTTP against a stub speaking CloudFormation's awsQuery protocol.
 *
 * <p>Long because every call the catalog makes goes through that one stub, once per response shape and once per
 * failure that the retries must tell apart.
 */
class SdkStackCatalogTest {

    private static final String SHOP_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-example-com/11111111-aaaa-4bbb-8ccc-000000000001";
    private static final String GONE_ID =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/gone/77777777-aaaa-4bbb-8ccc-000000000007";
    private static final String NEXT_TOKEN = "page/2+token==";

    @RegisterExtension
    static final WireMockExtension CLOUDFORMATION = WireMockExtension.newInstance()
            .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
            .build();

    private CloudFormationClient client;

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void prime_runsEveryOperationOnCannedAnswersWithoutAnyRequest() {
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        catalog.prime();

        CLOUDFORMATION.verify(0, postRequestedFor(urlEqualTo("/")));
        try (CloudFormationClient canned = CannedCloudFormation.client()) {
            SdkStackCatalog offline = new SdkStackCatalog(canned);
            assertThat(offline.listStacks(null).stacks()).hasSize(1);
            assertThat(offline.describeStack(CannedCloudFormation.STACK_ID).orElseThrow().parameters())
                    .containsEntry("CustomDomainName", "priming.example.com").containsEntry("Comment", "");
            assertThat(offline.describeStackResource(CannedCloudFormation.STACK_ID, CannedCloudFormation.LOGICAL_ID)
                    .orElseThrow().resourceStatus()).isEqualTo("CREATE_IN_PROGRESS");
        }
    }

    @Test
    void listStacks_severalPages_sendsNextTokenBackInFormBody() {
        stub(listStacks(), ok("list-stacks-page-1.xml"));
        // WireMock tries the newest stub first, so the more specific one goes last.
        stub(listStacks().withFormParam("NextToken", equalTo(NEXT_TOKEN)), ok("list-stacks-page-2.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        StackPage first = catalog.listStacks(null);
        StackPage second = catalog.listStacks(first.nextToken());

        assertThat(first.nextToken()).isEqualTo(NEXT_TOKEN);
        assertThat(first.stacks()).extracting(StackSummary::stackName).containsExactly("shop-example-com", "old-example-org");
        assertThat(second.nextToken()).isNull();
        assertThat(second.stacks()).extracting(StackSummary::stackName).containsExactly("bare");
        // No StackStatusFilter: DELETE_COMPLETE stacks must be listed too.
        CLOUDFORMATION.verify(1, postRequestedFor(urlEqualTo("/"))
                .withRequestBody(equalTo("Action=ListStacks&Version=2010-05-15")));
        CLOUDFORMATION.verify(1, postRequestedFor(urlEqualTo("/"))
                .withFormParam("Action", equalTo("ListStacks"))
                .withFormParam("Version", equalTo("2010-05-15"))
                .withFormParam("NextToken", equalTo(NEXT_TOKEN)));
        CLOUDFORMATION.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void listStacks_summariesWithEveryField_mapsEachField() {
        stub(listStacks(), ok("list-stacks-page-1.xml"));

        StackPage page = catalogAt(CLOUDFORMATION.baseUrl()).listStacks(null);

        assertThat(page.stacks()).containsExactly(
                new StackSummary(
                        SHOP_ID,
                        "shop-example-com",
                        "UPDATE_COMPLETE",
                        "CloudFront distribution for a custom domain",
                        Instant.parse("2024-03-01T10:15:30.123Z"),
                        Instant.parse("2024-05-02T08:00:00Z"),
                        null,
                        "arn:aws:cloudformation:us-east-1:123456789012:stack/customers/22222222-aaaa-4bbb-8ccc-000000000002",
                        "arn:aws:cloudformation:us-east-1:123456789012:stack/platform/33333333-aaaa-4bbb-8ccc-000000000003"),
                new StackSummary(
                        "arn:aws:cloudformation:us-east-1:123456789012:stack/old-example-org/44444444-aaaa-4bbb-8ccc-000000000004",
                        "old-example-org",
                        "DELETE_COMPLETE",
                        "CloudFront distribution for a custom domain",
                        Instant.parse("2023-11-20T12:00:00Z"),
                        Instant.parse("2023-12-01T12:00:00Z"),
                        Instant.parse("2024-06-10T09:30:00Z"),
                        null,
                        null));
    }

    @Test
    void listStacks_summaryWithoutOptionalFields_leavesThemAbsent() {
        stub(listStacks(), ok("list-stacks-page-2.xml"));

        StackPage page = catalogAt(CLOUDFORMATION.baseUrl()).listStacks(null);

        assertThat(page.stacks()).containsExactly(new StackSummary(
                "arn:aws:cloudformation:us-east-1:123456789012:stack/bare/55555555-aaaa-4bbb-8ccc-000000000005",
                "bare",
                "CREATE_IN_PROGRESS",
                null,
                Instant.parse("2024-06-11T00:00:00Z"),
                null,
                null,
                null,
                null));
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void describeStack_existingStack_mapsParameterValuesByKeyAndKeepsTheTemplatesDescription() {
        stub(describeStacks(SHOP_ID), ok("describe-stacks.xml"));

        Optional<StackDescription> description = catalogAt(CLOUDFORMATION.baseUrl()).describeStack(SHOP_ID);

        assertThat(description).contains(new StackDescription(
                SHOP_ID,
                "shop-example-com",
                "UPDATE_COMPLETE",
                Instant.parse("2024-03-01T10:15:30.123Z"),
                Instant.parse("2024-05-02T08:00:00Z"),
                Map.of(
                        "CustomDomainName", "shop.example.com, www.shop.example.com",
                        "GroupId", "group-42",
                        "CertificateArnParameter", "/certificates/shop",
                        "Comment", ""),
                "CloudFront distribution for a custom domain"));
    }

    @Test
    void describeStack_stackNoLongerExists_isEmpty() {
        stub(describeStacks(GONE_ID), answer(400, "error-stack-missing.xml"));

        Optional<StackDescription> description = catalogAt(CLOUDFORMATION.baseUrl()).describeStack(GONE_ID);

        assertThat(description).isEmpty();
        CLOUDFORMATION.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void describeStack_unrelatedValidationError_isRethrownAsIs() {
        stub(describeStacks("bad name!"), answer(400, "error-validation.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        assertThatThrownBy(() -> catalog.describeStack("bad name!"))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));
        CLOUDFORMATION.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void describeStackResource_customResourceBeingDeleted_mapsTypeStatusAndPhysicalId() {
        stub(describeStackResource(SHOP_ID, "DomainRegistration"), ok("describe-stack-resource.xml"));

        Optional<StackResourceDescription> resource = catalogAt(CLOUDFORMATION.baseUrl())
                .describeStackResource(SHOP_ID, "DomainRegistration");

        assertThat(resource).contains(new StackResourceDescription(SHOP_ID, "DomainRegistration",
                "domain-sync:0123456789abcdef0123456789abcdef", "Custom::DomainRegistration", "DELETE_IN_PROGRESS"));
    }

    @Test
    void describeStackResource_unknownLogicalIdOrStack_isEmpty() {
        stub(describeStackResource(SHOP_ID, "Invented"), answer(400, "error-resource-missing.xml"));
        stub(describeStackResource(GONE_ID, "DomainRegistration"), answer(400, "error-stack-missing.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        assertThat(catalog.describeStackResource(SHOP_ID, "Invented")).isEmpty();
        assertThat(catalog.describeStackResource(GONE_ID, "DomainRegistration")).isEmpty();
        CLOUDFORMATION.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void describeStackResource_throttledEveryTime_throwsThrottlingAfterFourAttempts() {
        stub(describeStackResource(SHOP_ID, "DomainRegistration"), answer(400, "error-throttling.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        assertThatThrownBy(() -> catalog.describeStackResource(SHOP_ID, "DomainRegistration"))
                .isInstanceOf(CloudFormationThrottlingException.class)
                .hasMessageContaining("DescribeStackResource");
        CLOUDFORMATION.verify(4, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void describeStack_throttledEveryTime_throwsThrottlingAfterFourAttempts() {
        stub(describeStacks(SHOP_ID), answer(400, "error-throttling.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        assertThatThrownBy(() -> catalog.describeStack(SHOP_ID))
                .isInstanceOf(CloudFormationThrottlingException.class)
                .hasMessageContaining("DescribeStacks")
                .hasMessageContaining(SHOP_ID)
                .hasMessageContaining("Throttling")
                .hasMessageNotContaining("test");
        CLOUDFORMATION.verify(4, postRequestedFor(urlEqualTo("/")).withFormParam("StackName", equalTo(SHOP_ID)));
    }

    @Test
    void listStacks_throttledTwiceThenAnswered_returnsThePage() {
        String scenario = "throttled twice";
        stub(listStacks().inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("throttled once"),
                answer(400, "error-throttling.xml"));
        stub(listStacks().inScenario(scenario).whenScenarioStateIs("throttled once").willSetStateTo("throttled twice"),
                answer(400, "error-throttling.xml"));
        stub(listStacks().inScenario(scenario).whenScenarioStateIs("throttled twice"), ok("list-stacks-page-2.xml"));

        StackPage page = catalogAt(CLOUDFORMATION.baseUrl()).listStacks(null);

        assertThat(page.stacks()).extracting(StackSummary::stackName).containsExactly("bare");
        CLOUDFORMATION.verify(3, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void listStacks_serviceUnavailableEveryTime_throwsUnavailableAfterFourAttempts() {
        stub(listStacks(), answer(503, "error-service-unavailable.xml"));
        SdkStackCatalog catalog = catalogAt(CLOUDFORMATION.baseUrl());

        assertThatThrownBy(() -> catalog.listStacks(null))
                .isInstanceOf(CloudFormationUnavailableException.class)
                .hasMessageContaining("ListStacks")
                .hasMessageContaining("503")
                .hasMessageContaining("ServiceUnavailable");
        CLOUDFORMATION.verify(4, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void listStacks_connectionRefused_throwsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SdkStackCatalog catalog = catalogAt("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> catalog.listStacks(null))
                .isInstanceOf(CloudFormationUnavailableException.class)
                .hasMessageContaining("ListStacks")
                .hasCauseInstanceOf(SdkClientException.class);
    }

    @Test
    void listStacks_withoutCredentials_failsAsAConfigurationErrorThatIsNotRetried() {
        client = CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(CLOUDFORMATION.baseUrl()))
                .credentialsProvider(() -> {
                    throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
                })
                .build();
        SdkStackCatalog catalog = new SdkStackCatalog(client);

        assertThatThrownBy(() -> catalog.listStacks(null))
                .isExactlyInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("Unable to load credentials");
    }

    @Test
    void create_regionAndEndpointFromConfig_signsWithDefaultCredentialsChain() {
        stub(listStacks(), ok("list-stacks-page-2.xml"));
        String previousKey = System.getProperty("aws.accessKeyId");
        String previousSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "chain-key");
        System.setProperty("aws.secretAccessKey", "chain-secret");
        try {
            Config config = Config.from(Map.of(
                    "AWS_REGION", "eu-west-1",
                    "CLOUDFORMATION_ENDPOINT_URL", CLOUDFORMATION.baseUrl()));

            StackPage page = Collaborators.stackCatalog(config).listStacks(null);

            assertThat(page.stacks()).hasSize(1);
            CLOUDFORMATION.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("Authorization",
                    matching(".*Credential=chain-key/\\d{8}/eu-west-1/cloudformation/aws4_request.*")));
        } finally {
            restore("aws.accessKeyId", previousKey);
            restore("aws.secretAccessKey", previousSecret);
        }
    }

    @Test
    void buildClient_fromConfig_keepsTheSdkDefaultOfFourAttempts() {
        Config config = Config.from(Map.of("AWS_REGION", "eu-west-1"));

        try (CloudFormationClient built = SdkStackCatalog.buildClient(config.region(), config.cloudFormationEndpoint())) {
            assertThat(built.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(built.serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .get()
                    .extracting(strategy -> strategy.maxAttempts())
                    .isEqualTo(4);
        }
    }

    @Test
    void classpath_sdkHttpClients_onlyUrlConnection() {
        assertThat(UrlConnectionHttpClient.class).isNotNull();
        for (String excluded : new String[] {
                "software.amazon.awssdk.http.apache.ApacheHttpClient",
                "software.amazon.awssdk.http.apache5.Apache5HttpClient",
                "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"}) {
            assertThatThrownBy(() -> Class.forName(excluded))
                    .as(excluded)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** The production client's shape and retry mode, but with test credentials and retries that do not wait. */
    private SdkStackCatalog catalogAt(String endpoint) {
        client = CloudFormationClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.defaultRetryStrategy()
                        .toBuilder()
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .build()))
                .build();
        return new SdkStackCatalog(client);
    }

    private static MappingBuilder listStacks() {
        return post(urlEqualTo("/"))
                .withFormParam("Action", equalTo("ListStacks"))
                .withFormParam("Version", equalTo("2010-05-15"));
    }

    private static MappingBuilder describeStacks(String stackName) {
        return post(urlEqualTo("/"))
                .withFormParam("Action", equalTo("DescribeStacks"))
                .withFormParam("Version", equalTo("2010-05-15"))
                .withFormParam("StackName", equalTo(stackName));
    }

    private static MappingBuilder describeStackResource(String stackName, String logicalResourceId) {
        return post(urlEqualTo("/"))
                .withFormParam("Action", equalTo("DescribeStackResource"))
                .withFormParam("Version", equalTo("2010-05-15"))
                .withFormParam("StackName", equalTo(stackName))
                .withFormParam("LogicalResourceId", equalTo(logicalResourceId));
    }

    private static void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        CLOUDFORMATION.stubFor(request.willReturn(response));
    }

    private static ResponseDefinitionBuilder ok(String fixture) {
        return answer(200, fixture);
    }

    private static ResponseDefinitionBuilder answer(int status, String fixture) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "request-" + fixture)
                .withBody(fixture(fixture));
    }

    private static String fixture(String name) {
        try (InputStream in = SdkStackCatalogTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
