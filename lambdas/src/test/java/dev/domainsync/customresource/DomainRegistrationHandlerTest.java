package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.ChangeSource;
import dev.domainsync.registry.DatabaseProxy;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.RegistrationOutcome;
import dev.domainsync.registry.StackClaims;
import dev.domainsync.registry.StackRegistration;
import dev.domainsync.registry.TestClock;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.ChangeRow;
import dev.domainsync.registry.TestDatabase.ClaimRow;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.ClaimPrecedence;
import dev.domainsync.rules.DomainClaim;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.StagedPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The custom resource end to end: CloudFormation's event through the stream entry point, the real registry on an
 * embedded PostgreSQL, and the response PUT to a local server playing the pre-signed ResponseURL.
 */
class DomainRegistrationHandlerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String ARN_PREFIX = "arn:aws:cloudformation:eu-west-1:123456789012:stack/";
    private static final String SHOP = "domain-sync:shop.example.com,www.shop.example.com";

    private final TestClock clock = new TestClock(T0);
    private TestDatabase testDb;
    private PostgresDomainRegistry registry;
    private ResponseServer server;
    private DomainRegistrationHandler handler;

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        registry = new PostgresDomainRegistry(testDb.database(), SyncSettings.defaults(), Duration.ofMinutes(30),
                clock);
        server = ResponseServer.start();
        handler = handlerOn(registry);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Nested
    class Create {

        @Test
        void validProperties_registerTheNormalisedDomainsAndAnswerSuccessOnce() {
            JsonNode output = invoke(create("req-1", "shop", " WWW.Shop.Example.com., shop.example.com", " g-1 "));

            ResponseServer.Received put = server.only();
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo("/cloudformation-custom-resource-response-euwest1/stack%7Cres%7Creq");
            assertThat(put.query()).endsWith(ResponseServer.SIGNATURE);
            assertThat(put.contentType()).isEmpty();
            assertThat(put.contentLength()).isEqualTo(String.valueOf(put.body().length));
            assertThat(put.json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-1",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false,
                     "Data": {"Domains": "shop.example.com,www.shop.example.com"}}""".formatted(SHOP, arn("shop"))));
            assertThat(output).isEqualTo(put.json());
            assertThat(testDb.mappings()).containsExactly(
                    new Mapping("shop.example.com", "g-1", arn("shop"), "shop"),
                    new Mapping("www.shop.example.com", "g-1", arn("shop"), "shop"));
            assertThat(testDb.claims()).extracting(ClaimRow::stackCreatedAt).containsOnly(T0);
            assertThat(testDb.changeLog()).containsExactly(
                    new ChangeRow(null, "custom-resource", "req-1", insert("shop.example.com", "g-1", "shop")),
                    new ChangeRow(null, "custom-resource", "req-1", insert("www.shop.example.com", "g-1", "shop")));
        }

        @Test
        void someInvalidDomains_registersTheValidOnesAndNamesTheOthersInTheReason() {
            invoke(create("req-1", "shop", "shop.example.com,bad_name.example.com,,", "g-1"));

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(body.get("Reason").asText())
                    .isEqualTo("ignored invalid domains: 'bad_name.example.com' (invalid character '_')");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo("domain-sync:shop.example.com");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.com");
        }

        @Test
        void sameRequestIdAgain_isAppliedOnceAndAnsweredTheSame() {
            ObjectNode create = create("req-1", "shop", "shop.example.com", "g-1");
            invoke(create);
            invoke(update("req-2", "shop", "domain-sync:shop.example.com", "shop.example.org", "g-1",
                    "shop.example.com", "g-1"));

            invoke(create);

            List<ResponseServer.Received> puts = server.received();
            assertThat(puts).hasSize(3);
            assertThat(puts.get(2).json()).isEqualTo(puts.get(0).json());
            // The late duplicate did not undo the Update.
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.org");
            assertThat(testDb.changeLog()).filteredOn(change -> "req-1".equals(change.requestId())).hasSize(1);
        }

        @Test
        void domainAlreadyClaimedByAnEarlierStack_isKeptAsALosingClaim() {
            invoke(create("req-1", "first", "shop.example.com", "g-1"));
            clock.advance(Duration.ofMinutes(5));

            invoke(create("req-2", "second", "shop.example.com", "g-2"));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "SUCCESS");
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", arn("first"), "first"));
            assertThat(testDb.claims()).extracting(ClaimRow::stackId).containsExactly(arn("first"), arn("second"));
        }

        @Test
        void longDomainList_isNamedByAHashWithinOneKilobyte() {
            List<String> domains = IntStream.range(0, 60)
                    .mapToObj(i -> "customer-" + i + ".shop.example.com").toList();

            invoke(create("req-1", "shop", String.join(",", domains), "g-1"));

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(body.get("PhysicalResourceId").asText()).matches("domain-sync:sha256:[0-9a-f]{64}");
            assertThat(body.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
            assertThat(testDb.mappings()).hasSize(60);
        }
    }

    @Nested
    class Update {

        @Test
        void domainChanged_answersANewPhysicalIdAndTheOldIdsDeleteKeepsTheNewClaims() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));

            invoke(update("req-2", "shop", SHOP, "www.shop.example.com,shop.example.org", "g-1",
                    "shop.example.com,www.shop.example.com", "g-1"));
            // CloudFormation's cleanup: Delete of the replaced resource, with its old properties.
            invoke(delete("req-3", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

            List<ResponseServer.Received> puts = server.received();
            assertThat(puts.get(1).json().get("PhysicalResourceId").asText())
                    .isEqualTo("domain-sync:shop.example.org,www.shop.example.com");
            assertThat(puts.get(2).json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-3",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false, "Data": {"Domains": ""}}"""
                    .formatted(SHOP, arn("shop"))));
            assertThat(testDb.mappings()).containsExactly(
                    new Mapping("shop.example.org", "g-1", arn("shop"), "shop"),
                    new Mapping("www.shop.example.com", "g-1", arn("shop"), "shop"));
            assertThat(testDb.changeLog()).extracting(ChangeRow::requestId, change -> change.change().action(),
                            change -> change.change().domainName())
                    .containsExactly(
                            tuple("req-1", Action.INSERT, "shop.example.com"),
                            tuple("req-1", Action.INSERT, "www.shop.example.com"),
                            tuple("req-2", Action.DELETE, "shop.example.com"),
                            tuple("req-2", Action.INSERT, "shop.example.org"));
        }

        @Test
        void groupOnlyChanged_keepsThePhysicalIdAndMovesTheDomainsToTheNewGroup() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));

            invoke(update("req-2", "shop", SHOP, "www.shop.example.com, SHOP.example.com", "g-2",
                    "shop.example.com,www.shop.example.com", "g-1"));

            JsonNode body = server.received().get(1).json();
            assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(SHOP);
            assertThat(testDb.mappings()).extracting(Mapping::groupId).containsOnly("g-2");
            assertThat(testDb.changeLog()).filteredOn(change -> "req-2".equals(change.requestId()))
                    .extracting(change -> change.change().action()).containsOnly(Action.UPDATE).hasSize(2);
        }

        @Test
        void invalidNewProperties_failKeepingThePhysicalIdAndTheClaims() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));

            invoke(update("req-2", "shop", SHOP, "shop.example.com", "  ", "shop.example.com,www.shop.example.com",
                    "g-1"));

            JsonNode body = server.received().get(1).json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(SHOP);
            assertThat(body.get("Reason").asText()).startsWith("ResourceProperties.GroupId is blank");
            assertThat(testDb.mappings()).hasSize(2);
        }
    }

    @Nested
    class Delete {

        @Test
        void currentRegistration_removesTheStacksClaimsAndTheLoserTakesOver() {
            invoke(create("req-1", "first", "shop.example.com,www.shop.example.com", "g-1"));
            clock.advance(Duration.ofMinutes(5));
            invoke(create("req-2", "second", "shop.example.com", "g-2"));

            invoke(delete("req-3", "first", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

            assertThat(server.received().get(2).json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-3",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false,
                     "Data": {"Domains": "shop.example.com,www.shop.example.com"}}""".formatted(SHOP, arn("first"))));
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-2", arn("second"), "second"));
            assertThat(testDb.changeLog()).filteredOn(change -> "req-3".equals(change.requestId()))
                    .extracting(ChangeRow::change)
                    .containsExactly(
                            new MappingChange("shop.example.com", Action.UPDATE, "g-1", "g-2", arn("first"),
                                    arn("second"), "first", "second"),
                            new MappingChange("www.shop.example.com", Action.DELETE, "g-1", null, arn("first"), null,
                                    "first", null));
        }

        @Test
        void somethingAlreadyGone_succeedsAndChangesNothing() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));
            invoke(delete("req-2", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));
            int changes = testDb.changeLog().size();

            invoke(delete("req-3", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));
            invoke(delete("req-4", "never-registered", "domain-sync:x.example.com", "x.example.com", "g-1"));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS");
            assertThat(testDb.mappings()).isEmpty();
            assertThat(testDb.changeLog()).hasSize(changes);
        }

        @Test
        void createAgainAfterADelete_registersTheStackAndItsNextDeleteRemovesIt() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));
            invoke(delete("req-2", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

            invoke(create("req-3", "shop", "shop.example.org", "g-2"));

            assertThat(server.received().get(2).json().get("PhysicalResourceId").asText())
                    .isEqualTo("domain-sync:shop.example.org");
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.org", "g-2", arn("shop"), "shop"));

            invoke(delete("req-4", "shop", "domain-sync:shop.example.org", "shop.example.org", "g-2"));
            invoke(delete("req-4", "shop", "domain-sync:shop.example.org", "shop.example.org", "g-2"));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsOnly("SUCCESS").hasSize(5);
            assertThat(server.received().get(4).json()).isEqualTo(server.received().get(3).json());
            assertThat(testDb.mappings()).isEmpty();
            assertThat(testDb.changeLog()).filteredOn(change -> "req-4".equals(change.requestId())).hasSize(1);
        }

        @Test
        void ofTheIdAnsweredForAFailedCreate_succeedsAndChangesNothing() {
            invoke(create("req-1", "shop", "shop.example.com", "g-1"));
            invoke(create("req-2", "other", "", "g-1"));
            String failedId = server.received().get(1).json().get("PhysicalResourceId").asText();

            invoke(delete("req-3", "other", failedId, "", "g-1"));

            assertThat(failedId).isEqualTo("domain-sync:failed:req-2");
            assertThat(server.received().get(2).json().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(testDb.mappings()).extracting(Mapping::stackName).containsExactly("shop");
        }
    }

    @Nested
    class InvalidRequests {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL", value = {
                "missing DomainName    | NULL                     | g-1    | ResourceProperties.DomainName is missing",
                "blank DomainName      | \" , \"                  | g-1    | ResourceProperties.DomainName is blank",
                "missing GroupId       | shop.example.com         | NULL   | ResourceProperties.GroupId is missing",
                "blank GroupId         | shop.example.com         | \"  \" | ResourceProperties.GroupId is blank",
                "only invalid domains  | bad..example.com,x       | g-1  | ResourceProperties.DomainName has no valid "
                        + "domain: 'bad..example.com' (empty label), 'x' (single label)",
        })
        void invalidProperties_failWithTheReasonAndWriteNothing(String scenario, String domainName, String groupId,
                String reason) {
            invoke(create("req-1", "shop", domainName, groupId));

            assertFailedWithoutWrites(reason);
        }

        @ParameterizedTest
        @ValueSource(strings = {"team\nb", "team\u0000b", "team-\ud83d"})
        void groupWithAControlCharacterOrAnUnpairedSurrogate_failsAndWritesNothing(String groupId) throws IOException {
            // UTF-8 cannot carry half a surrogate pair: a JSON event can, as the escape \ud83d.
            byte[] event = Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsBytes(create("req-1", "shop", "shop.example.com", groupId));
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), TestContext.plenty());

            assertFailedWithoutWrites("ResourceProperties.GroupId holds a control character or an unpaired surrogate");
        }

        @Test
        void groupOf256Characters_failsAndWritesNothing() {
            invoke(create("req-1", "shop", "shop.example.com", "g".repeat(256)));

            assertFailedWithoutWrites("ResourceProperties.GroupId is longer than 255 characters");
        }

        @Test
        void domainNameGivenAsAList_failsNamingTheProperty() {
            ObjectNode event = create("req-1", "shop", "shop.example.com", "g-1");
            ((ObjectNode) event.get("ResourceProperties")).putArray("DomainName").add("shop.example.com");

            invoke(event);

            assertFailedWithoutWrites("ResourceProperties.DomainName must be a string, got a JSON array");
        }

        @Test
        void unknownRequestType_failsAndWritesNothing() {
            ObjectNode event = create("req-1", "shop", "shop.example.com", "g-1").put("RequestType", "Replace");

            invoke(event);

            assertFailedWithoutWrites("unknown RequestType 'Replace'");
        }

        @Test
        void stackIdThatIsNoStackArn_failsAndWritesNothing() {
            ObjectNode event = create("req-1", "shop", "shop.example.com", "g-1").put("StackId", "shop");

            invoke(event);

            assertFailedWithoutWrites("StackId is not a CloudFormation stack ARN");
        }

        private void assertFailedWithoutWrites(String reason) {
            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText())
                    .isEqualTo(reason + " (CloudWatch log stream " + TestContext.LOG_STREAM + ")");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo("domain-sync:failed:req-1");
            assertThat(body.get("RequestId").asText()).isEqualTo("req-1");
            assertThat(testDb.claims()).isEmpty();
            assertThat(testDb.changeLog()).isEmpty();
            assertThat(testDb.count("SELECT count(*) FROM registration_requests")).isZero();
        }
    }

    @Nested
    class Failures {

        private static final String PASSWORD = "pw-custom-resource-42";

        @Test
        void databaseDown_answersFailedDatabaseUnavailableWithoutThePassword() {
            handler = handlerOn(new PostgresDomainRegistry(TestDatabases.unreachable(PASSWORD),
                    SyncSettings.defaults(), Duration.ofMinutes(30), clock));

            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));

            ResponseServer.Received put = server.only();
            assertThat(put.json().get("Status").asText()).isEqualTo("FAILED");
            assertThat(put.json().get("Reason").asText())
                    .isEqualTo("database unavailable (CloudWatch log stream " + TestContext.LOG_STREAM + ")");
            // A failed Create names the registration it meant, for the Delete of CloudFormation's rollback.
            assertThat(put.json().get("PhysicalResourceId").asText()).isEqualTo(SHOP);
            assertThat(new String(put.body(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
        }

        @Test
        void databaseDownForAnUpdate_answersFailedKeepingThePhysicalId() {
            handler = handlerOn(new PostgresDomainRegistry(TestDatabases.unreachable(PASSWORD),
                    SyncSettings.defaults(), Duration.ofMinutes(30), clock));

            invoke(update("req-1", "shop", SHOP, "shop.example.org", "g-1", "shop.example.com,www.shop.example.com",
                    "g-1"));

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText()).startsWith("database unavailable");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(SHOP);
        }

        @Test
        void databaseDownForADelete_answersSuccessKeepingThePhysicalIdAndLeavesTheClaimsToTheWorkflow() {
            handler = handlerOn(new PostgresDomainRegistry(TestDatabases.unreachable(PASSWORD),
                    SyncSettings.defaults(), Duration.ofMinutes(30), clock));

            invoke(delete("req-1", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

            ResponseServer.Received put = server.only();
            assertThat(put.json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-1",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false, "Data": {"Domains": ""},
                     "Reason": "database unavailable; the scheduled workflow will remove the claims (CloudWatch log \
                    stream %s)"}""".formatted(SHOP, arn("shop"), TestContext.LOG_STREAM)));
            assertThat(new String(put.body(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
        }

        @Test
        void databaseRefusingTheDelete_answersSuccessKeepingThePhysicalIdAndTheClaims() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));
            try (DatabaseProxy proxy = testDb.proxy()) {
                handler = handlerOn(new PostgresDomainRegistry(proxy.database(), SyncSettings.defaults(),
                        Duration.ofMinutes(30), clock));
                proxy.refuseNext(1);

                invoke(delete("req-2", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

                JsonNode body = server.received().get(1).json();
                assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
                assertThat(body.get("Reason").asText())
                        .startsWith("database unavailable; the scheduled workflow will remove the claims");
                assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(SHOP);
                // Nothing was removed: the workflow prunes the claims once the stack is listed deleted.
                assertThat(testDb.mappings()).hasSize(2);
            }
        }

        @Test
        void responseUrlFailingOnce_isDeliveredOnTheRetry() {
            server.answer(500);

            JsonNode output = invoke(create("req-1", "shop", "shop.example.com", "g-1"));

            List<ResponseServer.Received> puts = server.received();
            assertThat(puts).hasSize(2);
            assertThat(puts.get(1).body()).isEqualTo(puts.get(0).body());
            assertThat(output.get("Status").asText()).isEqualTo("SUCCESS");
        }

        @Test
        void responseUrlFailingEveryTime_throwsAfterThreeAttemptsWithoutTheSignature() {
            server.answer(503, 500, 502);

            Throwable thrown = catchThrowable(() -> invoke(create("req-1", "shop", "shop.example.com", "g-1")));

            assertThat(thrown).isInstanceOf(ResponseNotDeliveredException.class)
                    .hasMessageContaining("HTTP 502")
                    .hasMessageNotContaining("Signature");
            assertThat(server.received()).hasSize(3);
            // Registered all the same: Lambda's retry of the invocation only answers again.
            assertThat(testDb.mappings()).hasSize(1);
        }

        @Test
        void responseUrlRefusingTheSignature_isNotRetried() {
            server.answer(403);

            Throwable thrown = catchThrowable(() -> invoke(create("req-1", "shop", "shop.example.com", "g-1")));

            assertThat(thrown).isInstanceOf(ResponseNotDeliveredException.class).hasMessageContaining("HTTP 403");
            assertThat(server.received()).hasSize(1);
        }

        @Test
        void lambdaAboutToTimeOut_answersFailedOnceAndTheRollbacksDeleteRemovesALateRegistration() {
            // The registration starts only once the watchdog's answer has arrived, then commits all the same.
            handler = handlerOn(awaitingAResponseFirst(registry));

            JsonNode output = invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"),
                    new TestContext(TestContext.LOG_STREAM, 1_000));

            ResponseServer.Received put = server.only();
            assertThat(put.json().get("Status").asText()).isEqualTo("FAILED");
            assertThat(put.json().get("Reason").asText())
                    .isEqualTo("timed out (CloudWatch log stream " + TestContext.LOG_STREAM + ")");
            assertThat(put.json().get("PhysicalResourceId").asText()).isEqualTo(SHOP);
            assertThat(output).isEqualTo(put.json());
            assertThat(testDb.mappings()).hasSize(2);

            handler = handlerOn(registry);
            invoke(delete("req-2", "shop", SHOP, "shop.example.com,www.shop.example.com", "g-1"));

            assertThat(testDb.mappings()).isEmpty();
        }
    }

    @Nested
    class WithTheWorkflow {

        @Test
        void runOverAListing_correctsTheStandInCreationTimesAndLogsBothSources() {
            // Registered by the custom resource in the wrong order: "late" first, so it wins for now.
            invoke(create("req-1", "late", "shop.example.com,late.example.com", "g-late"));
            clock.advance(Duration.ofMinutes(1));
            invoke(create("req-2", "early", "shop.example.com", "g-early"));
            assertThat(testDb.mappings()).extracting(Mapping::stackName).containsExactly("late", "late");

            List<StackExtract> listing = List.of(
                    stack("early", "2026-02-28T23:50:00Z", "g-early", "shop.example.com"),
                    stack("late", "2026-02-28T23:55:00Z", "g-late", "shop.example.com", "late.example.com"));
            long runId = applyRun(listing, run -> { });

            assertThat(testDb.mappings()).isEqualTo(backfillOf(listing));
            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::stackName).containsExactly(
                    tuple("late.example.com", "late"),
                    tuple("shop.example.com", "early"));
            assertThat(testDb.changeLog()).extracting(ChangeRow::source, ChangeRow::runId, ChangeRow::requestId)
                    .containsExactly(
                            tuple("custom-resource", null, "req-1"),
                            tuple("custom-resource", null, "req-1"),
                            tuple("workflow", runId, null));
        }

        @Test
        void registrationWhileARunHoldsTheLease_needsNoLease_andTheRunKeepsWhatItsListingCouldNotKnow() {
            invoke(create("req-1", "shop", "shop.example.com", "g-1"));
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com"),
                    stack("blog", "2026-02-02T00:00:00Z", "g-2", "blog.example.com"));

            applyRun(listing, run -> {
                // Between the run's listing and its apply: a stack the listing cannot know yet, and an update of one
                // it knows.
                invoke(create("req-2", "brand-new", "new.example.com", "g-3"));
                invoke(update("req-3", "shop", "domain-sync:shop.example.com", "shop.example.com", "g-9",
                        "shop.example.com", "g-1"));
                assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                        .containsOnly("SUCCESS");
            });

            // The run's listing predates both registrations: it neither prunes the new stack's domain nor puts
            // the old group back. Everything else is the backfill of its listing; the next run reconciles the rest.
            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::groupId, Mapping::stackName)
                    .containsExactly(
                            tuple("blog.example.com", "g-2", "blog"),
                            tuple("new.example.com", "g-3", "brand-new"),
                            tuple("shop.example.com", "g-9", "shop"));
        }

        @Test
        void deleteWhileARunHoldsTheLease_keepsTheStacksDomainsUnmappedDespiteTheOlderListing() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com", "www.shop.example.com"),
                    stack("blog", "2026-02-02T00:00:00Z", "g-2", "blog.example.com"));

            applyRun(listing, run -> invoke(delete("req-2", "shop", SHOP, "shop.example.com,www.shop.example.com",
                    "g-1")));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "SUCCESS");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("blog.example.com");
            assertThat(testDb.claims()).extracting(ClaimRow::stackId).containsOnly(arn("blog"));
        }

        @Test
        void updateDroppingADomainWhileARunHoldsTheLease_keepsTheDroppedDomainUnmapped() {
            invoke(create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1"));
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com", "www.shop.example.com"));

            applyRun(listing, run -> invoke(update("req-2", "shop", SHOP, "shop.example.com", "g-1",
                    "shop.example.com,www.shop.example.com", "g-1")));

            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::stackName)
                    .containsExactly(tuple("shop.example.com", "shop"));
            assertThat(testDb.claims()).extracting(ClaimRow::domainName).containsExactly("shop.example.com");
        }

        @Test
        void runStartedAfterTheRegistrations_prunesDeletedAndUnlistedStacksAndRestoresARemovedOne() {
            invoke(create("req-1", "gone", "gone.example.com", "g-1"));
            invoke(create("req-2", "unlisted", "unlisted.example.com", "g-1"));
            invoke(create("req-3", "kept", "kept.example.com", "g-1"));
            // Deleted before the run started: its tombstone does not keep the run from writing what it lists.
            invoke(create("req-4", "readded", "readded.example.com", "g-1"));
            invoke(delete("req-5", "readded", "domain-sync:readded.example.com", "readded.example.com", "g-1"));
            List<StackExtract> listing = List.of(
                    stack("kept", "2026-02-01T00:00:00Z", "g-1", "kept.example.com"),
                    stack("readded", "2026-02-02T00:00:00Z", "g-2", "readded.example.com"));

            applyRun(listing, List.of(arn("gone")), run -> { });

            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::groupId, Mapping::stackName)
                    .containsExactly(
                            tuple("kept.example.com", "g-1", "kept"),
                            tuple("readded.example.com", "g-2", "readded"));
        }

        /** Starts a backfill run, stages {@code listing} as one page, calls {@code meanwhile}, then applies. */
        private long applyRun(List<StackExtract> listing, Consumer<RunContext> meanwhile) {
            return applyRun(listing, List.of(), meanwhile);
        }

        /** The same, with {@code deletedStackIds} listed as DELETE_COMPLETE. */
        private long applyRun(List<StackExtract> listing, List<String> deletedStackIds,
                Consumer<RunContext> meanwhile) {
            RunContext run = registry.startRun("exec-1", T0.plus(Duration.ofHours(1)),
                    new ExecutionInput(null, true, false, true, null));
            registry.stagePage(new StagedPage(run.runId(), listing.stream().map(StackExtract::stackId).toList(),
                    deletedStackIds, listing));
            meanwhile.accept(run);
            registry.applyRun(run.runId());
            return run.runId();
        }

        private List<Mapping> backfillOf(List<StackExtract> listing) {
            List<DomainClaim> claims = listing.stream()
                    .flatMap(stack -> stack.domains().stream().map(domain -> new DomainClaim(domain, stack.groupId(),
                            stack.stackId(), stack.stackName(), stack.creationTime())))
                    .toList();
            return ClaimPrecedence.winners(claims).values().stream()
                    .map(claim -> new Mapping(claim.domainName(), claim.groupId(), claim.stackId(), claim.stackName()))
                    .toList();
        }

        private StackExtract stack(String name, String createdAt, String groupId, String... domains) {
            return StackExtract.claims(new CandidateStack(arn(name), name, Instant.parse(createdAt), null), groupId,
                    List.of(domains), List.of());
        }
    }

    // ---- helpers

    private DomainRegistrationHandler handlerOn(StackClaims claims) {
        return new DomainRegistrationHandler(claims, new HttpResponseSender(List.of(Duration.ZERO, Duration.ZERO)),
                clock, CustomResourceResponder.DEFAULT_MARGIN);
    }

    /** Claims that wait until the response server has received an answer before they do anything. */
    private StackClaims awaitingAResponseFirst(StackClaims claims) {
        return new StackClaims() {
            @Override
            public RegistrationOutcome replaceStackClaims(StackRegistration registration, ChangeSource source) {
                server.awaitArrival();
                return claims.replaceStackClaims(registration, source);
            }

            @Override
            public RegistrationOutcome removeStackClaims(String stackId, String registrationId, ChangeSource source) {
                server.awaitArrival();
                return claims.removeStackClaims(stackId, registrationId, source);
            }
        };
    }

    private JsonNode invoke(ObjectNode event) {
        return invoke(event, TestContext.plenty());
    }

    private JsonNode invoke(ObjectNode event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out,
                    context);
            return Json.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode create(String requestId, String stackName, String domainName, String groupId) {
        ObjectNode event = event("Create", requestId, stackName);
        properties(event.putObject("ResourceProperties"), domainName, groupId);
        return event;
    }

    private ObjectNode update(String requestId, String stackName, String physicalId, String domainName,
            String groupId, String oldDomainName, String oldGroupId) {
        ObjectNode event = event("Update", requestId, stackName).put("PhysicalResourceId", physicalId);
        properties(event.putObject("ResourceProperties"), domainName, groupId);
        properties(event.putObject("OldResourceProperties"), oldDomainName, oldGroupId);
        return event;
    }

    private ObjectNode delete(String requestId, String stackName, String physicalId, String domainName,
            String groupId) {
        ObjectNode event = event("Delete", requestId, stackName).put("PhysicalResourceId", physicalId);
        properties(event.putObject("ResourceProperties"), domainName, groupId);
        return event;
    }

    private ObjectNode event(String requestType, String requestId, String stackName) {
        return Json.mapper().createObjectNode()
                .put("RequestType", requestType)
                .put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:DomainRegistrationFunction:live")
                .put("ResponseURL", server.responseUrl())
                .put("StackId", arn(stackName))
                .put("RequestId", requestId)
                .put("LogicalResourceId", "DomainRegistration")
                .put("ResourceType", "Custom::DomainRegistration");
    }

    private static void properties(ObjectNode properties, String domainName, String groupId) {
        properties.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:DomainRegistrationFunction");
        if (domainName != null) {
            properties.put("DomainName", domainName);
        }
        if (groupId != null) {
            properties.put("GroupId", groupId);
        }
    }

    private static String arn(String stackName) {
        return ARN_PREFIX + stackName + "/5f3c0a10-0000-11f0-0000-000000000000";
    }

    private static MappingChange insert(String domain, String groupId, String stackName) {
        return new MappingChange(domain, Action.INSERT, null, groupId, null, arn(stackName), null, stackName);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
