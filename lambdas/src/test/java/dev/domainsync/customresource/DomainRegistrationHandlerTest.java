package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.CloudFormationUnavailableException;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.registry.DatabaseProxy;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.PostgresStackClaims;
import dev.domainsync.registry.StackClaims;
import dev.domainsync.registry.TestClock;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.ChangeRow;
import dev.domainsync.registry.TestDatabase.ClaimRow;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.StagedPage;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.telemetry.FunctionContext;
import dev.domainsync.telemetry.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The custom resource end to end: CloudFormation's event through the stream entry point, CloudFormation's own
 * record of the stack (in memory, in the states it has while it sends each request), the real registry on an
 * embedded PostgreSQL, and the response PUT over HTTPS to a local server posing as CloudFormation's S3 host.
 *
 * <p>Long because its nested classes share that one costly fixture (database, TLS server, CloudFormation's record).
 */
class DomainRegistrationHandlerTest {

    private static final String FUNCTION = "DomainRegistrationFunction";
    private static final FunctionContext CONTEXT = FunctionContext.of("lambda-request", FUNCTION);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String ARN_PREFIX = "arn:aws:cloudformation:eu-west-1:123456789012:stack/";
    private static final String RESOURCE = "DomainRegistration";
    private static final String TYPE = "Custom::DomainRegistration";
    private static final String RANDOM_ID = "domain-sync:[0-9a-f]{32}";

    private final TestClock clock = new TestClock(T0);
    private final FakeCloudFormation cloudFormation = new FakeCloudFormation();
    private TestDatabase testDb;
    private PostgresStackClaims claims;
    private PostgresDomainRegistry runs;
    private ResponseServer server;
    private DomainRegistrationHandler handler;

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        claims = new PostgresStackClaims(testDb.database());
        runs = new PostgresDomainRegistry(testDb.database(), SyncSettings.defaults(), Duration.ofMinutes(30), clock);
        server = ResponseServer.start();
        handler = handlerOn(claims);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Nested
    class SnapStartHook {

        @Test
        void snapStartHook_registersOnlyInsideTheRolledBackRehearsalAndAnswersNoOne() {
            List<String> messages;
            try (LogCapture logs = new LogCapture()) {
                handler.beforeCheckpoint(null);
                messages = logs.lines().stream().map(line -> line.path("message").asText()).toList();
            }

            assertThat(messages).anySatisfy(message -> assertThat(message)
                    .startsWith("Request priming (custom-resource) registered 1 domains of stack "
                            + RehearsalStack.STACK_ID));
            assertThat(testDb.claims()).isEmpty();
            assertThat(testDb.changeLog()).isEmpty();
            assertThat(server.received()).isEmpty();
        }
    }

    @Nested
    class Create {

        @Test
        void validProperties_registerTheNormalisedDomainsWithTheStacksCreationTimeAndAnswerSuccessOnce() {
            Instant created = T0.minus(Duration.ofMinutes(3));

            JsonNode output = create("req-1", "shop", created, " WWW.Shop.Example.com., shop.example.com", " g-1 ");

            ResponseServer.Received put = server.only();
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo(
                    "/arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack/shop%7CRes%7Creq");
            assertThat(put.query()).endsWith(ResponseServer.SIGNATURE);
            assertThat(put.contentType()).isEmpty();
            assertThat(put.contentLength()).isEqualTo(String.valueOf(put.body().length));
            String physicalId = put.json().get("PhysicalResourceId").asText();
            assertThat(physicalId).matches(RANDOM_ID);
            assertThat(put.json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-1",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false,
                     "Data": {"Domains": "shop.example.com,www.shop.example.com"}}"""
                    .formatted(physicalId, arn("shop"))));
            assertThat(output).isEqualTo(put.json());
            assertThat(testDb.mappings()).containsExactly(
                    new Mapping("shop.example.com", "g-1", arn("shop"), "shop"),
                    new Mapping("www.shop.example.com", "g-1", arn("shop"), "shop"));
            // CloudFormation's CreationTime, not the time of the request.
            assertThat(testDb.claims()).extracting(ClaimRow::stackCreatedAt).containsOnly(created);
            assertThat(testDb.changeLog()).containsExactly(
                    new ChangeRow(null, "custom-resource", "req-1", insert("shop.example.com", "g-1", "shop")),
                    new ChangeRow(null, "custom-resource", "req-1", insert("www.shop.example.com", "g-1", "shop")));
        }

        @Test
        void someInvalidDomains_registersTheValidOnesAndNamesTheOthersInTheReason() {
            create("req-1", "shop", "shop.example.com,bad_name.example.com,,", "g-1");

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(body.get("Reason").asText())
                    .isEqualTo("ignored invalid domains: 'bad_name.example.com' (invalid character '_')");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.com");
        }

        @Test
        void answerNotDeliveredAndTheInvocationRetried_answersTheSamePhysicalIdAndAppliesOnce() {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");
            ObjectNode create = createEvent("req-1", "shop", RESOURCE, "shop.example.com", "g-1");
            server.answer(503, 503, 503);
            assertThat(catchThrowable(() -> invoke(create))).isInstanceOf(ResponseNotDeliveredException.class);

            // Lambda retries the asynchronous invocation while CloudFormation still waits.
            invoke(create);

            List<ResponseServer.Received> puts = server.received();
            assertThat(puts).hasSize(4);
            assertThat(puts.get(3).json()).isEqualTo(puts.get(0).json());
            assertThat(testDb.changeLog()).filteredOn(change -> "req-1".equals(change.requestId())).hasSize(1);
        }

        @Test
        void domainAlreadyClaimedByAnEarlierStack_isKeptAsALosingClaim() {
            create("req-1", "first", T0.minus(Duration.ofDays(2)), "shop.example.com", "g-1");

            create("req-2", "second", T0.minus(Duration.ofDays(1)), "shop.example.com", "g-2");

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "SUCCESS");
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", arn("first"), "first"));
            assertThat(testDb.claims()).extracting(ClaimRow::stackId).containsExactly(arn("first"), arn("second"));
        }

        @Test
        void sameDomainsInTwoStacks_getDifferentUnguessableIds() {
            create("req-1", "first", "shop.example.com", "g-1");
            create("req-2", "second", "shop.example.com", "g-1");

            List<String> ids = server.received().stream()
                    .map(put -> put.json().get("PhysicalResourceId").asText()).toList();
            assertThat(ids).allMatch(id -> id.matches(RANDOM_ID)).doesNotHaveDuplicates()
                    .noneMatch(id -> id.contains("example"));
        }

        @Test
        void longDomainList_staysWithinCloudFormationsLimits() {
            String domains = String.join(",", IntStream.range(0, 60)
                    .mapToObj(i -> "customer-" + i + ".shop.example.com").toList());

            create("req-1", "shop", domains, "g-1");

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(body.get("PhysicalResourceId").asText()).matches(RANDOM_ID);
            assertThat(body.toString().getBytes(StandardCharsets.UTF_8).length).isLessThan(4096);
            assertThat(testDb.mappings()).hasSize(60);
        }
    }

    @Nested
    class Update {

        @Test
        void domainChanged_keepsThePhysicalIdAndMakesTheClaimsTheNewDomains() {
            String id = create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1")
                    .get("PhysicalResourceId").asText();

            update("req-2", "shop", RESOURCE, "www.shop.example.com,shop.example.org", "g-1");

            assertThat(server.received().get(1).json().get("PhysicalResourceId").asText()).isEqualTo(id);
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
        void groupOnlyChanged_movesTheDomainsToTheNewGroup() {
            create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1");

            update("req-2", "shop", RESOURCE, "www.shop.example.com, SHOP.example.com", "g-2");

            assertThat(server.received().get(1).json().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(testDb.mappings()).extracting(Mapping::groupId).containsOnly("g-2");
            assertThat(testDb.changeLog()).filteredOn(change -> "req-2".equals(change.requestId()))
                    .extracting(change -> change.change().action()).containsOnly(Action.UPDATE).hasSize(2);
        }

        @Test
        void invalidNewProperties_failKeepingThePhysicalIdAndTheClaims() {
            String id = create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1")
                    .get("PhysicalResourceId").asText();

            update("req-2", "shop", RESOURCE, "shop.example.com", "  ");

            JsonNode body = server.received().get(1).json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("PhysicalResourceId").asText()).isEqualTo(id);
            assertThat(body.get("Reason").asText()).startsWith("ResourceProperties.GroupId is blank");
            assertThat(testDb.mappings()).hasSize(2);
        }

        @Test
        void updateRollback_restoresThePreviousRegistrationWhileTheStackStillShowsTheFailedParameters() {
            String id = updatedThenRollingBack();

            invoke(updateEvent("req-3", "shop", RESOURCE, id, "shop.example.com", "g-1", "shop.example.org", "g-2"));

            assertThat(server.received().get(2).json().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", arn("shop"), "shop"));
        }

        @Test
        void forgedUpdateDuringARollback_withDomainsTheResourceNeverHeld_isRefused() {
            String id = updatedThenRollingBack();

            invoke(updateEvent("req-3", "shop", RESOURCE, id, "victim.example.com", "g-1", "shop.example.org",
                    "g-2"));

            JsonNode body = server.received().get(2).json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText()).startsWith("not confirmed by CloudFormation: ResourceProperties."
                    + "DomainName and GroupId are not the stack's current CustomDomainName and GroupId parameter");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.org");
        }

        /**
         * Registers shop.example.com for g-1, updates it to shop.example.org for g-2, then has another resource fail:
         * CloudFormation rolls back, about to revert this one to its old properties. Returns its physical id.
         */
        private String updatedThenRollingBack() {
            create("req-1", "shop", "shop.example.com", "g-1");
            update("req-2", "shop", RESOURCE, "shop.example.org", "g-2");
            String id = physicalId("shop", RESOURCE);
            cloudFormation.stackStatus(arn("shop"), "UPDATE_ROLLBACK_IN_PROGRESS");
            cloudFormation.resource(arn("shop"), RESOURCE, TYPE, "UPDATE_IN_PROGRESS", id);
            return id;
        }
    }

    @Nested
    class Delete {

        @Test
        void currentRegistration_removesTheStacksClaimsAndTheLoserTakesOver() {
            create("req-1", "first", T0.minus(Duration.ofDays(2)), "shop.example.com,www.shop.example.com", "g-1");
            create("req-2", "second", T0.minus(Duration.ofDays(1)), "shop.example.com", "g-2");
            String id = physicalId("first", RESOURCE);

            delete("req-3", "first", RESOURCE);

            assertThat(server.received().get(2).json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-3",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false,
                     "Data": {"Domains": "shop.example.com,www.shop.example.com"}}""".formatted(id, arn("first"))));
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
        void repeatedByLambda_answersTheSameAndChangesNothingMore() {
            create("req-1", "shop", "shop.example.com", "g-1");
            String id = physicalId("shop", RESOURCE);
            cloudFormation.resource(arn("shop"), RESOURCE, TYPE, "DELETE_IN_PROGRESS", id);
            ObjectNode delete = event("Delete", "req-2", "shop", RESOURCE).put("PhysicalResourceId", id);

            invoke(delete);
            invoke(delete);

            assertThat(server.received().get(2).json()).isEqualTo(server.received().get(1).json());
            assertThat(testDb.mappings()).isEmpty();
            assertThat(testDb.changeLog()).filteredOn(change -> "req-2".equals(change.requestId())).hasSize(1);
        }

        @Test
        void createAgainAfterADelete_registersTheStackAndItsNextDeleteRemovesIt() {
            create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1");
            delete("req-2", "shop", RESOURCE);

            create("req-3", "shop", "shop.example.org", "g-2");

            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.org", "g-2", arn("shop"), "shop"));
            delete("req-4", "shop", RESOURCE);
            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsOnly("SUCCESS").hasSize(4);
            assertThat(testDb.mappings()).isEmpty();
        }

        @Test
        void forgedDeleteNamingARealStackAndAGuessedPhysicalId_changesNothing() {
            create("req-1", "shop", "shop.example.com", "g-1");
            int changes = testDb.changeLog().size();

            // The resource is CREATE_COMPLETE: CloudFormation is deleting nothing.
            invoke(event("Delete", "forged-1", "shop", RESOURCE).put("PhysicalResourceId",
                    "domain-sync:shop.example.com"));
            invoke(event("Delete", "forged-2", "shop", RESOURCE).put("PhysicalResourceId",
                    physicalId("shop", RESOURCE)));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "FAILED", "FAILED");
            assertThat(server.received().get(1).json().get("Reason").asText()).startsWith(
                    "not confirmed by CloudFormation: resource DomainRegistration of stack " + arn("shop")
                            + " is CREATE_COMPLETE, not DELETE_IN_PROGRESS or ROLLBACK_IN_PROGRESS as a Delete needs");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.com");
            assertThat(testDb.changeLog()).hasSize(changes);
        }

        @Test
        void duringARealDeletion_aGuessedPhysicalIdIsRefusedAndRemovesNothing() {
            create("req-1", "shop", "shop.example.com", "g-1");
            cloudFormation.resource(arn("shop"), RESOURCE, TYPE, "DELETE_IN_PROGRESS", physicalId("shop", RESOURCE));

            invoke(event("Delete", "forged-1", "shop", RESOURCE).put("PhysicalResourceId",
                    "domain-sync:shop.example.com"));

            assertThat(server.received().get(1).json().get("Reason").asText()).startsWith(
                    "not confirmed by CloudFormation: the PhysicalResourceId is not the one CloudFormation holds");
            assertThat(testDb.mappings()).hasSize(1);
        }

        @Test
        void failedCreatesRollbackDelete_removesOnlyWhatThatResourceRegistered() {
            create("req-1", "shop", "shop.example.com", "g-1");
            // A stack update adds a second registration, whose Create fails on the database.
            try (DatabaseProxy proxy = testDb.proxy()) {
                handler = handlerOn(new PostgresStackClaims(proxy.database()));
                proxy.refuseNext(1);
                create("req-2", "shop", "Second", "shop.example.com", "g-1");
            }
            handler = handlerOn(claims);
            assertThat(server.received().get(1).json().get("Status").asText()).isEqualTo("FAILED");

            // The rollback deletes the resource that failed, under the id its FAILED answer named.
            delete("req-3", "shop", "Second");

            assertThat(server.received().get(2).json().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", arn("shop"), "shop"));
        }

        @Test
        void twoResourcesInOneStack_keepTheirOwnRegistrationsAndTheStackKeepsItsDomainsUntilTheLastGoes() {
            create("req-1", "shop", "First", "shop.example.com", "g-1");
            create("req-2", "shop", "Second", "shop.example.com", "g-1");
            assertThat(physicalId("shop", "First")).isNotEqualTo(physicalId("shop", "Second"));

            // An update removes one of them from the template; a rollback would do the same to a new one.
            delete("req-3", "shop", "Second");

            assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", arn("shop"), "shop"));
            delete("req-4", "shop", "First");
            assertThat(testDb.mappings()).isEmpty();
            assertThat(server.received()).extracting(put -> put.json().get("Status").asText()).containsOnly("SUCCESS");
        }
    }

    @Nested
    class ForgedAndInvalidRequests {

        @Test
        void forgedCreateNamingAnOldStack_cannotBorrowItsCreationTimeToWinADomain() {
            // An old stack, long settled, and a customer's newer stack that owns the domain.
            cloudFormation.stack(arn("old"), "old", "CREATE_COMPLETE", T0.minus(Duration.ofDays(900)),
                    "old.example.com", "g-old");
            cloudFormation.resource(arn("old"), RESOURCE, TYPE, "CREATE_COMPLETE", "domain-sync:0123");
            create("req-1", "victim", T0.minus(Duration.ofDays(10)), "shop.example.com", "g-victim");

            invoke(createEvent("forged-1", "old", RESOURCE, "shop.example.com", "g-attacker"));
            // The attacker's own stack, really being created, says it owns the domain: its claim is younger.
            create("req-2", "attacker", T0, "shop.example.com", "g-attacker");

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "FAILED", "SUCCESS");
            assertThat(testDb.mappings()).containsExactly(
                    new Mapping("shop.example.com", "g-victim", arn("victim"), "victim"));
            assertThat(testDb.claims()).extracting(ClaimRow::stackId).doesNotContain(arn("old"));
        }

        @Test
        void propertiesThatAreNotTheStacksParameters_areRefused() {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");

            invoke(createEvent("req-1", "shop", RESOURCE, "victim.example.com", "g-1"));

            assertFailedWithoutWrites("not confirmed by CloudFormation: ResourceProperties.DomainName is not the "
                    + "stack's current CustomDomainName parameter");
        }

        @Test
        void resourceCloudFormationDoesNotKnow_isRefused() {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");

            invoke(createEvent("req-1", "shop", "Invented", "shop.example.com", "g-1"));

            assertFailedWithoutWrites("not confirmed by CloudFormation: CloudFormation knows no resource Invented in "
                    + "stack " + arn("shop"));
        }

        @Test
        void resourceOfAnotherType_isRefused() {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");
            cloudFormation.resource(arn("shop"), RESOURCE, "AWS::CloudFront::Distribution", "CREATE_IN_PROGRESS",
                    null);

            invoke(createEvent("req-1", "shop", RESOURCE, "shop.example.com", "g-1"));

            assertFailedWithoutWrites("not confirmed by CloudFormation: resource DomainRegistration of stack "
                    + arn("shop") + " is a AWS::CloudFront::Distribution, not a Custom::DomainRegistration");
        }

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
            create("req-1", "shop", domainName, groupId);

            assertFailedWithoutWrites(reason);
        }

        @ParameterizedTest
        @ValueSource(strings = {"team\nb", "team\u0000b", "team-\ud83d"})
        void groupWithAControlCharacterOrAnUnpairedSurrogate_failsAndWritesNothing(String groupId) throws IOException {
            // UTF-8 cannot carry half a surrogate pair: a JSON event can, as the escape \ud83d.
            cloudFormationCreating("shop", T0, "shop.example.com", groupId);
            byte[] event = Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsBytes(createEvent("req-1", "shop", RESOURCE, "shop.example.com", groupId));
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), CONTEXT);

            assertFailedWithoutWrites("ResourceProperties.GroupId holds a control character or an unpaired surrogate");
        }

        @Test
        void groupOf256Characters_failsAndWritesNothing() {
            create("req-1", "shop", "shop.example.com", "g".repeat(256));

            assertFailedWithoutWrites("ResourceProperties.GroupId is longer than 255 characters");
        }

        @Test
        void domainNameGivenAsAList_failsNamingTheProperty() {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");
            ObjectNode event = createEvent("req-1", "shop", RESOURCE, "shop.example.com", "g-1");
            ((ObjectNode) event.get("ResourceProperties")).putArray("DomainName").add("shop.example.com");

            invoke(event);

            assertFailedWithoutWrites("ResourceProperties.DomainName must be a string, got a JSON array");
        }

        @Test
        void unknownRequestType_failsAndWritesNothing() {
            invoke(createEvent("req-1", "shop", RESOURCE, "shop.example.com", "g-1").put("RequestType", "Replace"));

            assertFailedWithoutWrites("unknown RequestType 'Replace'");
        }

        @Test
        void stackIdThatIsNoStackArn_failsAndWritesNothing() {
            invoke(createEvent("req-1", "shop", RESOURCE, "shop.example.com", "g-1").put("StackId", "shop"));

            assertFailedWithoutWrites("StackId is not a CloudFormation stack ARN");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "http://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x?sig",
                "https://10.0.12.7/cloudformation-custom-resource-response-euwest1/x?sig",
                "https://169.254.169.254/latest/meta-data/",
                "https://[fd00::1]/x",
                "https://database.internal.example.com/x",
                "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com.evil.example/x",
                "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com:8443/x",
                "https://user@cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x",
        })
        void responseUrlThatIsNotCloudFormations_isRefusedBeforeAnythingIsAskedWrittenOrSent(String url) {
            cloudFormationCreating("shop", T0, "shop.example.com", "g-1");
            cloudFormation.beforeEachCall(() -> {
                throw new AssertionError("CloudFormation was asked");
            });

            Throwable thrown = catchThrowable(() -> invoke(createEvent("req-1", "shop", RESOURCE, "shop.example.com",
                    "g-1").put("ResponseURL", url)));

            assertThat(thrown).isInstanceOf(ResponseUrlRefusedException.class).hasMessageNotContaining("sig");
            assertThat(server.received()).isEmpty();
            assertThat(testDb.claims()).isEmpty();
            assertThat(testDb.count("SELECT count(*) FROM registration_requests")).isZero();
        }

        private void assertFailedWithoutWrites(String reason) {
            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText())
                    .isEqualTo(reason + " (CloudWatch log stream " + FunctionContext.LOG_STREAM + ")");
            assertThat(body.get("PhysicalResourceId").asText()).matches(RANDOM_ID);
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
            handler = handlerOn(new PostgresStackClaims(TestDatabases.unreachable(PASSWORD)));

            create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1");

            ResponseServer.Received put = server.only();
            assertThat(put.json().get("Status").asText()).isEqualTo("FAILED");
            assertThat(put.json().get("Reason").asText())
                    .isEqualTo("database unavailable (CloudWatch log stream " + FunctionContext.LOG_STREAM + ")");
            assertThat(put.json().get("PhysicalResourceId").asText()).matches(RANDOM_ID);
            assertThat(new String(put.body(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
        }

        @Test
        void databaseDownForADelete_answersSuccessKeepingThePhysicalIdAndLeavesTheClaimsToTheWorkflow() {
            create("req-1", "shop", "shop.example.com", "g-1");
            String id = physicalId("shop", RESOURCE);
            handler = handlerOn(new PostgresStackClaims(TestDatabases.unreachable(PASSWORD)));

            delete("req-2", "shop", RESOURCE);

            ResponseServer.Received put = server.received().get(1);
            assertThat(put.json()).isEqualTo(json("""
                    {"Status": "SUCCESS", "PhysicalResourceId": "%s", "StackId": "%s", "RequestId": "req-2",
                     "LogicalResourceId": "DomainRegistration", "NoEcho": false, "Data": {"Domains": ""},
                     "Reason": "database unavailable; the scheduled workflow will remove the claims (CloudWatch log \
                    stream %s)"}""".formatted(id, arn("shop"), FunctionContext.LOG_STREAM)));
            assertThat(new String(put.body(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
            assertThat(testDb.mappings()).hasSize(1);
        }

        @Test
        void cloudFormationUnreachable_failsACreateAndLetsADeleteSucceedWithoutChanges() {
            create("req-1", "shop", "shop.example.com", "g-1");
            cloudFormation.beforeEachCall(() -> {
                throw new CloudFormationUnavailableException("CloudFormation DescribeStackResource could not be "
                        + "reached after the SDK's retries", null);
            });

            create("req-2", "other", "other.example.com", "g-2");
            delete("req-3", "shop", RESOURCE);

            assertThat(server.received().get(1).json().get("Reason").asText()).startsWith(
                    "CloudFormation unavailable, so the request could not be verified");
            assertThat(server.received().get(2).json().get("Status").asText()).isEqualTo("SUCCESS");
            assertThat(server.received().get(2).json().get("Reason").asText()).startsWith(
                    "CloudFormation unavailable; the scheduled workflow will remove the claims");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("shop.example.com");
        }

        @Test
        void responseUrlFailingOnce_isDeliveredOnTheRetry() {
            server.answer(500);

            JsonNode output = create("req-1", "shop", "shop.example.com", "g-1");

            List<ResponseServer.Received> puts = server.received();
            assertThat(puts).hasSize(2);
            assertThat(puts.get(1).body()).isEqualTo(puts.get(0).body());
            assertThat(output.get("Status").asText()).isEqualTo("SUCCESS");
        }

        @Test
        void responseUrlFailingEveryTime_throwsAfterThreeAttemptsWithoutTheSignature() {
            server.answer(503, 500, 502);

            Throwable thrown = catchThrowable(() -> create("req-1", "shop", "shop.example.com", "g-1"));

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

            Throwable thrown = catchThrowable(() -> create("req-1", "shop", "shop.example.com", "g-1"));

            assertThat(thrown).isInstanceOf(ResponseNotDeliveredException.class).hasMessageContaining("HTTP 403");
            assertThat(server.received()).hasSize(1);
        }

        @Test
        void serverWithATrustedCertificateForAnotherHost_isNotAnswered() {
            try (ResponseServer impostor = ResponseServer.start("s3.attacker.example")) {
                handler = new DomainRegistrationHandler(claims, cloudFormation, cloudFormation,
                        SyncSettings.defaults(), impostor.sender(TestTls.trusting("s3.attacker.example")), clock);

                Throwable thrown = catchThrowable(() -> create("req-1", "shop", "shop.example.com", "g-1"));

                assertThat(thrown).isInstanceOf(ResponseNotDeliveredException.class)
                        .hasMessageContaining("SSLHandshakeException");
                assertThat(impostor.received()).isEmpty();
            }
        }

        @Test
        void handlerThatHangs_isAnsweredFailedByTheWatchdogBeforeTheLambdaTimesOut() {
            // CloudFormation answers only once the watchdog's answer has arrived; the registration then commits.
            AtomicBoolean first = new AtomicBoolean(true);
            cloudFormation.beforeEachCall(() -> {
                if (first.getAndSet(false)) {
                    server.awaitArrival();
                }
            });
            Duration margin = new CustomResourceResponder(server.sender()).margin();
            Duration remaining = margin.plusMillis(500);
            long started = System.nanoTime();

            JsonNode output = create("req-1", "shop", "shop.example.com,www.shop.example.com", "g-1",
                    new FunctionContext("lambda-request", FUNCTION, FunctionContext.LOG_STREAM, (int) remaining.toMillis()));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(remaining);
            ResponseServer.Received put = server.only();
            assertThat(put.json().get("Status").asText()).isEqualTo("FAILED");
            assertThat(put.json().get("Reason").asText())
                    .isEqualTo("timed out (CloudWatch log stream " + FunctionContext.LOG_STREAM + ")");
            assertThat(output).isEqualTo(put.json());
            assertThat(testDb.mappings()).hasSize(2);

            // The rollback's Delete of the id the watchdog answered removes the late registration.
            cloudFormation.beforeEachCall(() -> { });
            delete("req-2", "shop", RESOURCE);

            assertThat(testDb.mappings()).isEmpty();
        }

        @Test
        void watchdogMargin_coversTheSendersSlowestDelivery() {
            HttpResponseSender production = new HttpResponseSender();

            Duration margin = new CustomResourceResponder(production).margin();

            // Three attempts of connect (2 s) and exchange (5 s) timeouts, and the waits of 0.2 s and 1 s between.
            assertThat(production.worstCase()).isEqualTo(Duration.ofMillis(22_200));
            assertThat(margin).isGreaterThan(production.worstCase());
        }

        @Test
        void errorInsteadOfAnException_isAnsweredFailedNamingItsClass() {
            cloudFormation.beforeEachCall(() -> {
                throw new NoClassDefFoundError("software/amazon/awssdk/services/cloudformation/Missing");
            });

            create("req-1", "shop", "shop.example.com", "g-1");

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText()).isEqualTo("internal error (java.lang.NoClassDefFoundError) "
                    + "(CloudWatch log stream " + FunctionContext.LOG_STREAM + ")");
        }

        @Test
        void badConfiguration_isAnsweredFailedNamingTheVariable() {
            handler = new DomainRegistrationHandler(server.sender(), () -> {
                Config config = Config.from(Map.of("DOMAIN_PARAMETER", "not a key!"));
                return new DomainRegistrar(Collaborators.stackClaims(config), cloudFormation,
                        cloudFormation, config.sync(), Clock.systemUTC());
            });

            create("req-1", "shop", "shop.example.com", "g-1");

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText()).startsWith(
                    "configuration error: DOMAIN_PARAMETER must be a CloudFormation parameter key");
        }

        @Test
        void missingCaBundleLayer_isAnsweredFailedNamingTheFile() {
            handler = new DomainRegistrationHandler(server.sender(), () -> {
                Config config = Config.from(Map.of("AWS_REGION", "eu-west-1",
                        "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:domain-sync-db",
                        "DB_HOST", "db.example.com", "DB_NAME", "app",
                        "DB_SSL_ROOT_CERT", "/opt/no-layer/rds-global-bundle.pem"));
                return new DomainRegistrar(Collaborators.stackClaims(config), cloudFormation,
                        cloudFormation, config.sync(), Clock.systemUTC());
            });

            create("req-1", "shop", "shop.example.com", "g-1");

            JsonNode body = server.only().json();
            assertThat(body.get("Status").asText()).isEqualTo("FAILED");
            assertThat(body.get("Reason").asText()).startsWith("configuration error: DB_SSL_ROOT_CERT names no "
                    + "readable file: /opt/no-layer/rds-global-bundle.pem");
        }

        @Test
        void publicConstructor_withoutAnyDatabaseSetting_doesNotThrow() {
            Assumptions.assumeTrue(System.getenv("DB_JDBC_URL") == null && System.getenv("DB_SECRET_ARN") == null,
                    "this test needs an environment without database settings");

            assertThatCode(DomainRegistrationHandler::new).doesNotThrowAnyException();
        }
    }

    @Nested
    class WithTheWorkflow {

        @Test
        void registrationsInAnyOrder_carryTheRealCreationTimesSoARunChangesNoWinner() {
            // Registered in the wrong order: "late" first. Its claims carry its real, later CreationTime.
            create("req-1", "late", Instant.parse("2026-02-28T23:55:00Z"), "shop.example.com,late.example.com",
                    "g-late");
            create("req-2", "early", Instant.parse("2026-02-28T23:50:00Z"), "shop.example.com", "g-early");
            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::stackName).containsExactly(
                    tuple("late.example.com", "late"),
                    tuple("shop.example.com", "early"));

            List<StackExtract> listing = List.of(
                    stack("early", "2026-02-28T23:50:00Z", "g-early", "shop.example.com"),
                    stack("late", "2026-02-28T23:55:00Z", "g-late", "shop.example.com", "late.example.com"));
            applyRun(listing, run -> { });

            // What a backfill over the same listing gives: the earliest created stack wins shop.example.com.
            assertThat(testDb.mappings()).isEqualTo(List.of(
                    new Mapping("late.example.com", "g-late", arn("late"), "late"),
                    new Mapping("shop.example.com", "g-early", arn("early"), "early")));
            assertThat(testDb.changeLog()).extracting(ChangeRow::source).containsOnly("custom-resource");
        }

        @Test
        void registrationWhileARunHoldsTheLease_needsNoLease_andTheRunKeepsWhatItsListingCouldNotKnow() {
            create("req-1", "shop", Instant.parse("2026-02-01T00:00:00Z"), "shop.example.com", "g-1");
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com"),
                    stack("blog", "2026-02-02T00:00:00Z", "g-2", "blog.example.com"));

            applyRun(listing, run -> {
                // Between the run's listing and its apply: a stack the listing cannot know yet, and an update of one
                // it knows.
                create("req-2", "brand-new", "new.example.com", "g-3");
                update("req-3", "shop", RESOURCE, "shop.example.com", "g-9");
                assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                        .containsOnly("SUCCESS");
            });

            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::groupId, Mapping::stackName)
                    .containsExactly(
                            tuple("blog.example.com", "g-2", "blog"),
                            tuple("new.example.com", "g-3", "brand-new"),
                            tuple("shop.example.com", "g-9", "shop"));
        }

        @Test
        void deleteWhileARunHoldsTheLease_keepsTheStacksDomainsUnmappedDespiteTheOlderListing() {
            create("req-1", "shop", Instant.parse("2026-02-01T00:00:00Z"), "shop.example.com,www.shop.example.com",
                    "g-1");
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com", "www.shop.example.com"),
                    stack("blog", "2026-02-02T00:00:00Z", "g-2", "blog.example.com"));

            applyRun(listing, run -> delete("req-2", "shop", RESOURCE));

            assertThat(server.received()).extracting(put -> put.json().get("Status").asText())
                    .containsExactly("SUCCESS", "SUCCESS");
            assertThat(testDb.mappings()).extracting(Mapping::domainName).containsExactly("blog.example.com");
            assertThat(testDb.claims()).extracting(ClaimRow::stackId).containsOnly(arn("blog"));
        }

        @Test
        void updateDroppingADomainWhileARunHoldsTheLease_keepsTheDroppedDomainUnmapped() {
            create("req-1", "shop", Instant.parse("2026-02-01T00:00:00Z"), "shop.example.com,www.shop.example.com",
                    "g-1");
            List<StackExtract> listing = List.of(
                    stack("shop", "2026-02-01T00:00:00Z", "g-1", "shop.example.com", "www.shop.example.com"));

            applyRun(listing, run -> update("req-2", "shop", RESOURCE, "shop.example.com", "g-1"));

            assertThat(testDb.mappings()).extracting(Mapping::domainName, Mapping::stackName)
                    .containsExactly(tuple("shop.example.com", "shop"));
            assertThat(testDb.claims()).extracting(ClaimRow::domainName).containsExactly("shop.example.com");
        }

        /** Starts a backfill run, stages {@code listing} as one page, calls {@code meanwhile}, then applies. */
        private long applyRun(List<StackExtract> listing, Consumer<RunContext> meanwhile) {
            RunContext run = runs.startRun("exec-1", T0.plus(Duration.ofHours(1)),
                    new ExecutionInput(null, true, false, true, null));
            runs.stagePage(new StagedPage(run.runId(), listing.stream().map(StackExtract::stackId).toList(),
                    List.of(), listing));
            meanwhile.accept(run);
            runs.applyRun(run.runId());
            return run.runId();
        }

        private StackExtract stack(String name, String createdAt, String groupId, String... domains) {
            return StackExtract.claims(new CandidateStack(arn(name), name, Instant.parse(createdAt), null), groupId,
                    List.of(domains), List.of());
        }
    }

    // ---- CloudFormation's side: the states it puts a stack and a resource in while it sends each request

    private DomainRegistrationHandler handlerOn(StackClaims claims) {
        return new DomainRegistrationHandler(claims, cloudFormation, cloudFormation, SyncSettings.defaults(),
                server.sender(), clock);
    }

    /** CloudFormation creating the stack (created now) or updating it, and creating its DomainRegistration. */
    private JsonNode create(String requestId, String stackName, String domainName, String groupId) {
        return create(requestId, stackName, RESOURCE, domainName, groupId);
    }

    private JsonNode create(String requestId, String stackName, Instant createdAt, String domainName,
            String groupId) {
        cloudFormationCreating(stackName, createdAt, domainName, groupId);
        return create(requestId, stackName, RESOURCE, domainName, groupId);
    }

    private JsonNode create(String requestId, String stackName, String domainName, String groupId,
            Context context) {
        cloudFormationCreating(stackName, T0, domainName, groupId);
        cloudFormation.resource(arn(stackName), RESOURCE, TYPE, "CREATE_IN_PROGRESS", null);
        JsonNode answer = invoke(createEvent(requestId, stackName, RESOURCE, domainName, groupId), context);
        settle(stackName, RESOURCE, answer, "CREATE");
        return answer;
    }

    /** The same for the resource {@code logicalId}, in a stack created now unless CloudFormation knows it. */
    private JsonNode create(String requestId, String stackName, String logicalId, String domainName,
            String groupId) {
        Instant createdAt = cloudFormation.stack(arn(stackName)).map(StackDescription::creationTime)
                .orElse(clock.instant());
        cloudFormation.stack(arn(stackName), stackName, "CREATE_IN_PROGRESS", createdAt, domainName, groupId);
        cloudFormation.resource(arn(stackName), logicalId, TYPE, "CREATE_IN_PROGRESS", null);
        JsonNode answer = invoke(createEvent(requestId, stackName, logicalId, domainName, groupId));
        settle(stackName, logicalId, answer, "CREATE");
        return answer;
    }

    private void cloudFormationCreating(String stackName, Instant createdAt, String domainName, String groupId) {
        cloudFormation.stack(arn(stackName), stackName, "CREATE_IN_PROGRESS", createdAt, domainName, groupId);
        cloudFormation.resource(arn(stackName), RESOURCE, TYPE, "CREATE_IN_PROGRESS", null);
    }

    /** CloudFormation updating the stack's parameters, and with them the resource's properties. */
    private JsonNode update(String requestId, String stackName, String logicalId, String domainName,
            String groupId) {
        StackDescription stack = cloudFormation.stack(arn(stackName)).orElseThrow();
        String id = physicalId(stackName, logicalId);
        cloudFormation.stack(arn(stackName), stackName, "UPDATE_IN_PROGRESS", stack.creationTime(), domainName,
                groupId);
        cloudFormation.resource(arn(stackName), logicalId, TYPE, "UPDATE_IN_PROGRESS", id);
        JsonNode answer = invoke(updateEvent(requestId, stackName, logicalId, id, domainName, groupId,
                stack.parameters().get("CustomDomainName"), stack.parameters().get("GroupId")));
        settle(stackName, logicalId, answer, "UPDATE");
        return answer;
    }

    /** CloudFormation deleting the resource (the stack's deletion, an update that drops it, or a rollback). */
    private JsonNode delete(String requestId, String stackName, String logicalId) {
        StackDescription stack = cloudFormation.stack(arn(stackName)).orElseThrow();
        String id = physicalId(stackName, logicalId);
        cloudFormation.resource(arn(stackName), logicalId, TYPE, "DELETE_IN_PROGRESS", id);
        ObjectNode event = event("Delete", requestId, stackName, logicalId).put("PhysicalResourceId", id);
        properties(event.putObject("ResourceProperties"), stack.parameters().get("CustomDomainName"),
                stack.parameters().get("GroupId"));
        JsonNode answer = invoke(event);
        settle(stackName, logicalId, answer, "DELETE");
        return answer;
    }

    /** What CloudFormation records of the answer: the resource's new state and the physical id it names. */
    private void settle(String stackName, String logicalId, JsonNode answer, String operation) {
        boolean success = "SUCCESS".equals(answer.get("Status").asText());
        cloudFormation.resource(arn(stackName), logicalId, TYPE, operation + (success ? "_COMPLETE" : "_FAILED"),
                answer.get("PhysicalResourceId").asText());
        cloudFormation.stackStatus(arn(stackName), "UPDATE_COMPLETE");
    }

    private String physicalId(String stackName, String logicalId) {
        return cloudFormation.resource(arn(stackName), logicalId).orElseThrow().physicalResourceId();
    }

    // ---- the events and the invocation

    private JsonNode invoke(ObjectNode event) {
        return invoke(event, CONTEXT);
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

    private ObjectNode createEvent(String requestId, String stackName, String logicalId, String domainName,
            String groupId) {
        ObjectNode event = event("Create", requestId, stackName, logicalId);
        properties(event.putObject("ResourceProperties"), domainName, groupId);
        return event;
    }

    private ObjectNode updateEvent(String requestId, String stackName, String logicalId, String physicalId,
            String domainName, String groupId, String oldDomainName, String oldGroupId) {
        ObjectNode event = event("Update", requestId, stackName, logicalId).put("PhysicalResourceId", physicalId);
        properties(event.putObject("ResourceProperties"), domainName, groupId);
        properties(event.putObject("OldResourceProperties"), oldDomainName, oldGroupId);
        return event;
    }

    private ObjectNode event(String requestType, String requestId, String stackName, String logicalId) {
        return Json.mapper().createObjectNode()
                .put("RequestType", requestType)
                .put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:DomainRegistrationFunction:live")
                .put("ResponseURL", server.responseUrl())
                .put("StackId", arn(stackName))
                .put("RequestId", requestId)
                .put("LogicalResourceId", logicalId)
                .put("ResourceType", TYPE);
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
