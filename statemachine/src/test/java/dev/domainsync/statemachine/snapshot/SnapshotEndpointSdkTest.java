package dev.domainsync.statemachine.snapshot;

import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.ALPHA;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.BETA;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.GONE;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.GONE_ID;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.MAX_ATTEMPTS;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.REUSED;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.REUSED_DELETED_ID;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.REUSED_LIVE_ID;
import static dev.domainsync.statemachine.snapshot.SnapshotFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.domainsync.statemachine.snapshot.FaultPlan.Fault;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** Drives the real AWS SDK v2 CloudFormation client against the snapshot endpoint. */
class SnapshotEndpointSdkTest {

    @Test
    void describeStackResource_stackWithStackResources_answersTheResourceAndRefusesAnUnknownOne() throws IOException {
        String stackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/0000";
        StackSnapshot snapshot = StackSnapshot.parse("""
                {"Stacks": [{"StackId": "%s", "StackName": "shop", "StackStatus": "CREATE_IN_PROGRESS",
                  "CreationTime": "2026-03-01T00:00:00Z",
                  "StackResources": [{"LogicalResourceId": "DomainRegistration",
                    "ResourceType": "Custom::DomainRegistration", "ResourceStatus": "CREATE_IN_PROGRESS"}]}]}"""
                .formatted(stackId), "custom-resource.json");
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            StackResourceDetail detail = cloudFormation.describeStackResource(request -> request.stackName(stackId)
                    .logicalResourceId("DomainRegistration")).stackResourceDetail();
            CloudFormationException unknown = catchThrowableOfType(() -> cloudFormation.describeStackResource(
                    request -> request.stackName(stackId).logicalResourceId("Other")), CloudFormationException.class);

            assertThat(detail.stackId()).isEqualTo(stackId);
            assertThat(detail.resourceType()).isEqualTo("Custom::DomainRegistration");
            assertThat(detail.resourceStatusAsString()).isEqualTo("CREATE_IN_PROGRESS");
            assertThat(detail.physicalResourceId()).isNull();
            assertThat(unknown.awsErrorDetails().errorMessage())
                    .isEqualTo("Resource Other does not exist for stack " + stackId);
        }
    }

    @Test
    void listStacksPaginator_250Stacks_pagesOf100_100_50InSnapshotOrder() throws IOException {
        StackSnapshot snapshot = SnapshotFixtures.generated(250);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<Integer> pageSizes = new ArrayList<>();
            List<StackSummary> summaries = new ArrayList<>();
            for (ListStacksResponse page : cloudFormation.listStacksPaginator(request -> { })) {
                pageSizes.add(page.stackSummaries().size());
                summaries.addAll(page.stackSummaries());
            }

            assertThat(pageSizes).containsExactly(100, 100, 50);
            assertThat(endpoint.requestCount()).isEqualTo(3);
            assertThat(summaries).hasSize(250);
            for (int index = 0; index < summaries.size(); index++) {
                assertSummaryMatches(summaries.get(index), snapshot.stacks().get(index));
            }
        }
    }

    @Test
    void listStacks_manualNextToken_walksThePagesAndEndsWithoutToken() throws IOException {
        StackSnapshot snapshot = SnapshotFixtures.generated(250);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            ListStacksResponse first = cloudFormation.listStacks(request -> { });
            ListStacksResponse second = cloudFormation.listStacks(request -> request.nextToken(first.nextToken()));
            ListStacksResponse third = cloudFormation.listStacks(request -> request.nextToken(second.nextToken()));

            assertThat(first.nextToken()).isNotBlank();
            assertThat(second.nextToken()).isNotBlank().isNotEqualTo(first.nextToken());
            assertThat(third.nextToken()).isNull();
            assertThat(first.stackSummaries().get(0).stackName()).isEqualTo("stack-001");
            assertThat(second.stackSummaries().get(0).stackName()).isEqualTo("stack-101");
            assertThat(third.stackSummaries()).extracting(StackSummary::stackName).endsWith("stack-250").hasSize(50);
            assertThat(first.responseMetadata().requestId()).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void listStacks_fixture_everySummaryFieldRoundTripsAndAbsentFieldsStayNull() throws IOException {
        StackSnapshot snapshot = SnapshotFixtures.stacks();
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<StackSummary> summaries = cloudFormation.listStacks(request -> { }).stackSummaries();

            assertThat(summaries).hasSize(6);
            for (int index = 0; index < summaries.size(); index++) {
                assertSummaryMatches(summaries.get(index), snapshot.stacks().get(index));
            }
            StackSummary beta = summaries.get(1);
            assertThat(beta.creationTime()).isEqualTo(Instant.parse("2026-01-02T08:30:00.123Z"));
            assertThat(beta.lastUpdatedTime()).isEqualTo(Instant.parse("2026-01-05T10:00:00.456Z"));
            assertThat(beta.stackStatusReason()).isEqualTo("done <ok>");
            assertThat(beta.driftInformation().stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
            assertThat(beta.driftInformation().lastCheckTimestamp()).isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
            StackSummary nested = summaries.get(4);
            assertThat(nested.templateDescription()).isNull();
            assertThat(nested.lastUpdatedTime()).isNull();
            assertThat(nested.driftInformation()).isNull();
            assertThat(nested.parentId()).isEqualTo(summaries.get(0).stackId());
        }
    }

    @Test
    void listStacks_deletedStacks_areListedWithDeletionTime() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<StackSummary> deleted = cloudFormation.listStacks(request -> { }).stackSummaries().stream()
                    .filter(summary -> summary.stackStatus() == StackStatus.DELETE_COMPLETE).toList();

            assertThat(deleted).extracting(StackSummary::stackId).containsExactly(REUSED_DELETED_ID, GONE_ID);
            assertThat(deleted).extracting(StackSummary::deletionTime).containsExactly(
                    Instant.parse("2025-12-20T09:00:00.789Z"), Instant.parse("2026-01-04T00:00:00Z"));
        }
    }

    @Test
    void listStacks_statusFilter_keepsOnlyThoseStatusesAndPagesThem() throws IOException {
        StackSnapshot snapshot = SnapshotFixtures.generated(250);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none(), 10);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<StackSummary> deleted = cloudFormation
                    .listStacksPaginator(request -> request.stackStatusFilters(StackStatus.DELETE_COMPLETE))
                    .stackSummaries().stream().toList();
            List<StackSummary> updatedOrDeleted = cloudFormation
                    .listStacksPaginator(request -> request.stackStatusFilters(StackStatus.UPDATE_COMPLETE,
                            StackStatus.DELETE_COMPLETE))
                    .stackSummaries().stream().toList();

            assertThat(deleted).hasSize(25).allMatch(summary -> summary.stackStatus() == StackStatus.DELETE_COMPLETE);
            assertThat(deleted).extracting(StackSummary::stackName).startsWith("stack-010", "stack-020");
            long expected = snapshot.stacks().stream()
                    .filter(stack -> stack.stackStatus().equals("UPDATE_COMPLETE") || stack.deleted()).count();
            assertThat(updatedOrDeleted).hasSize((int) expected);
        }
    }

    @Test
    void listStacks_invalidNextToken_validationError() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.generated(30), 0, FaultPlan.none(), 10);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            String filteredToken = cloudFormation
                    .listStacks(request -> request.stackStatusFilters(StackStatus.CREATE_COMPLETE)).nextToken();

            CloudFormationException garbage = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.listStacks(request -> request.nextToken("not-a-token")));
            CloudFormationException otherQuery = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.listStacks(request -> request.nextToken(filteredToken)));

            for (CloudFormationException refused : List.of(garbage, otherQuery)) {
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Invalid NextToken");
            }
        }
    }

    @Test
    void listStacks_tokenOfAnotherSnapshot_validationError() throws IOException {
        String token;
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.generated(30), 0, FaultPlan.none(), 10);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            token = cloudFormation.listStacks(request -> { }).nextToken();
        }
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.generated(31), 0, FaultPlan.none(), 10);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            CloudFormationException refused = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.listStacks(request -> request.nextToken(token)));

            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        }
    }

    @Test
    void describeStacks_byName_returnsTheStackWithItsParameters() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<Stack> stacks = cloudFormation.describeStacks(request -> request.stackName(ALPHA)).stacks();

            assertThat(stacks).hasSize(1);
            Stack alpha = stacks.get(0);
            assertThat(alpha.stackName()).isEqualTo(ALPHA);
            assertThat(alpha.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
            assertThat(alpha.description()).isEqualTo("CloudFront distribution for alpha.example.com");
            assertThat(alpha.creationTime()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
            assertThat(alpha.lastUpdatedTime()).isNull();
            assertThat(alpha.deletionTime()).isNull();
            assertThat(parameters(alpha)).containsExactly(
                    Map.entry("CustomDomainName", "alpha.example.com"), Map.entry("GroupId", "group-1"));
            assertThat(alpha.disableRollback()).isFalse();
            assertThat(alpha.hasTags()).as("an empty Tags list is left out").isFalse();
        }
    }

    @Test
    void describeStacks_deletedStackById_returnedAsDeleteComplete() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            Stack gone = cloudFormation.describeStacks(request -> request.stackName(GONE_ID)).stacks().get(0);

            assertThat(gone.stackId()).isEqualTo(GONE_ID);
            assertThat(gone.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
            assertThat(gone.deletionTime()).isEqualTo(Instant.parse("2026-01-04T00:00:00Z"));
            assertThat(parameters(gone)).containsEntry("CustomDomainName", "gone.example.com");
        }
    }

    @Test
    void describeStacks_deletedStackByName_validationErrorDoesNotExist() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            CloudFormationException refused = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.describeStacks(request -> request.stackName(GONE)));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Stack with id web-gone does not exist");
            assertThat(refused.isThrottlingException()).isFalse();
            assertThat(endpoint.requestCount()).as("a ValidationError is not retried").isEqualTo(1);
        }
    }

    @Test
    void describeStacks_unknownName_validationErrorDoesNotExist() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            CloudFormationException refused = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.describeStacks(request -> request.stackName("no-such-stack")));

            assertThat(refused.awsErrorDetails().errorMessage()).isEqualTo("Stack with id no-such-stack does not exist");
            assertThat(refused.requestId()).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void describeStacks_reusedName_findsTheLiveStackAndTheDeletedOneById() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            Stack byName = cloudFormation.describeStacks(request -> request.stackName(REUSED)).stacks().get(0);
            Stack byOldId = cloudFormation.describeStacks(request -> request.stackName(REUSED_DELETED_ID)).stacks().get(0);

            assertThat(byName.stackId()).isEqualTo(REUSED_LIVE_ID);
            assertThat(byName.creationTime()).as("a time without offset is UTC").isEqualTo(Instant.parse("2026-01-03T09:00:00Z"));
            assertThat(parameters(byName)).containsEntry("CustomDomainName", "new.example.com");
            assertThat(byOldId.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
            assertThat(parameters(byOldId)).containsEntry("CustomDomainName", "old.example.com");
        }
    }

    @Test
    void describeStacks_specialCharacters_surviveExactlyInEveryField() throws IOException {
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            Stack beta = cloudFormation.describeStacks(request -> request.stackName(BETA)).stacks().get(0);
            StackSummary betaSummary = cloudFormation.listStacks(request -> { }).stackSummaries().get(1);

            String description = "<b>\"Beta\" & 'friends'</b> CloudFront — Grüße, 日本, 😀\r\nsecond line\tend";
            assertThat(beta.description()).isEqualTo(description);
            assertThat(betaSummary.templateDescription()).isEqualTo(description);
            assertThat(parameters(beta)).containsExactly(
                    Map.entry("CustomDomainName", "beta.example.com, Bücher.example, <x>&amp;"),
                    Map.entry("GroupId", "group \"2\" & 'two'"),
                    Map.entry("ImageId", "/aws/service/ami"));
            assertThat(beta.parameters().get(2).resolvedValue()).isEqualTo("ami-0123456789");
            assertThat(beta.tags()).containsExactly(Tag.builder().key("team").value("edge & cdn").build());
            assertThat(beta.outputs()).containsExactly(Output.builder().outputKey("DistributionId")
                    .outputValue("E2ABCDEF").description("the <id>").exportName("beta-dist").build());
            assertThat(beta.capabilitiesAsStrings()).containsExactly("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM");
            assertThat(beta.roleARN()).isEqualTo("arn:aws:iam::123456789012:role/cfn");
            assertThat(beta.disableRollback()).isTrue();
            assertThat(beta.enableTerminationProtection()).isTrue();
            assertThat(beta.stackStatusReason()).isEqualTo("done <ok>");
            assertThat(beta.driftInformation().stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
        }
    }

    @Test
    void describeStacksPaginator_withoutName_pagesEveryLiveStackOnly() throws IOException {
        StackSnapshot snapshot = SnapshotFixtures.generated(250);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(snapshot, 0, FaultPlan.none());
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            List<Stack> stacks = cloudFormation.describeStacksPaginator(request -> { }).stacks().stream().toList();

            assertThat(stacks).hasSize(225).noneMatch(stack -> stack.stackStatus() == StackStatus.DELETE_COMPLETE);
            assertThat(stacks).extracting(Stack::stackName)
                    .containsExactlyElementsOf(snapshot.liveStacks().stream().map(SnapshotStack::stackName).toList());
            assertThat(endpoint.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void throttlingPattern_sdkRetriesToSuccess() throws IOException {
        FaultPlan faults = FaultPlan.pattern("TT.", false);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, faults);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            ListStacksResponse response = cloudFormation.listStacks(request -> { });

            assertThat(response.stackSummaries()).hasSize(6);
            assertThat(endpoint.requestCount()).isEqualTo(3);
            assertThat(faults.injectedCount(Fault.THROTTLING)).isEqualTo(2);
        }
    }

    @Test
    void alwaysThrottled_sdkGivesUpWithThrottlingException() throws IOException {
        FaultPlan faults = FaultPlan.always("DescribeStacks", Fault.THROTTLING);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, faults);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            CloudFormationException throttled = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.describeStacks(request -> request.stackName(ALPHA)));
            ListStacksResponse listed = cloudFormation.listStacks(request -> { });

            assertThat(throttled.isThrottlingException()).isTrue();
            assertThat(throttled.statusCode()).isEqualTo(400);
            assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            assertThat(throttled.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
            assertThat(faults.injectedCount()).isEqualTo(MAX_ATTEMPTS);
            assertThat(listed.stackSummaries()).as("other actions are served").hasSize(6);
            assertThat(endpoint.requestCount()).isEqualTo(MAX_ATTEMPTS + 1);
        }
    }

    @Test
    void serviceUnavailableAndInternalFailure_sdkRetriesToSuccess() throws IOException {
        FaultPlan faults = FaultPlan.pattern("5E", false);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, faults);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            Stack beta = cloudFormation.describeStacks(request -> request.stackName(BETA)).stacks().get(0);

            assertThat(beta.stackName()).isEqualTo(BETA);
            assertThat(faults.injectedCount(Fault.SERVICE_UNAVAILABLE)).isEqualTo(1);
            assertThat(faults.injectedCount(Fault.INTERNAL_FAILURE)).isEqualTo(1);
            assertThat(endpoint.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void alwaysUnavailable_sdkGivesUpWith503() throws IOException {
        FaultPlan faults = FaultPlan.always("ListStacks", Fault.SERVICE_UNAVAILABLE);
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, faults);
                CloudFormationClient cloudFormation = client(endpoint.uri())) {
            CloudFormationException unavailable = catchThrowableOfType(CloudFormationException.class,
                    () -> cloudFormation.listStacks(request -> { }));

            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(unavailable.isThrottlingException()).isFalse();
            assertThat(endpoint.requestCount()).isEqualTo(MAX_ATTEMPTS);
        }
    }

    private static Map<String, String> parameters(Stack stack) {
        return stack.parameters().stream().collect(Collectors.toMap(Parameter::parameterKey,
                Parameter::parameterValue, (first, second) -> first, LinkedHashMap::new));
    }

    private static void assertSummaryMatches(StackSummary summary, SnapshotStack stack) {
        assertThat(summary.stackId()).isEqualTo(stack.stackId());
        assertThat(summary.stackName()).isEqualTo(stack.stackName());
        assertThat(summary.templateDescription()).isEqualTo(stack.description().orElse(null));
        assertThat(summary.creationTime()).isEqualTo(stack.creationTime());
        assertThat(summary.lastUpdatedTime()).isEqualTo(stack.lastUpdatedTime().orElse(null));
        assertThat(summary.deletionTime()).isEqualTo(stack.deletionTime().orElse(null));
        assertThat(summary.stackStatusAsString()).isEqualTo(stack.stackStatus());
        assertThat(summary.stackStatusReason()).isEqualTo(stack.stackStatusReason().orElse(null));
        assertThat(summary.parentId()).isEqualTo(stack.parentId().orElse(null));
        assertThat(summary.rootId()).isEqualTo(stack.rootId().orElse(null));
        assertThat(summary.driftInformation() == null).isEqualTo(stack.driftInformation().isEmpty());
    }
}
