package dev.domainsync.cloudformation;

import dev.domainsync.json.Primeable;
import dev.domainsync.rules.StackSummary;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;

/**
 * The production {@link StackCatalog} and {@link StackResourceCatalog}: CloudFormation's ListStacks,
 * DescribeStacks and DescribeStackResource through the AWS SDK v2, with throttling and outages after the SDK's own
 * retries turned into the workflow's named exceptions.
 */
public final class SdkStackCatalog implements StackCatalog, StackResourceCatalog, Primeable {

    private static final Logger LOG = LoggerFactory.getLogger(SdkStackCatalog.class);

    /**
     * How often priming reads the canned stack: twice what one ExtractParams batch reads (the Map gives it 20), so
     * that the SDK's per-call methods pass the JIT's compile threshold (a couple of hundred calls) before the
     * snapshot rather than during the first batch. Measured: the first batch then compiles 194 methods instead of
     * 362 and costs what the second does; a few milliseconds each, at publish.
     */
    static final int PRIMING_DESCRIBES = 40;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private static final String VALIDATION_ERROR = "ValidationError";
    private static final Set<String> THROTTLING_CODES =
            Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException");

    private final CloudFormationClient client;

    public SdkStackCatalog(CloudFormationClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The production catalog, over the one client of this execution environment (see {@link #buildClient}). */
    public static SdkStackCatalog create(Optional<String> region, Optional<URI> endpoint) {
        return new SdkStackCatalog(buildClient(region, endpoint));
    }

    /**
     * The url-connection HTTP client, the default credentials chain, the configured region (else the SDK's
     * region provider chain), the configured endpoint override, and the SDK's default retries (legacy mode in
     * 2.57: 4 attempts; AWS_RETRY_MODE still applies).
     */
    static CloudFormationClient buildClient(Optional<String> region, Optional<URI> endpoint) {
        CloudFormationClientBuilder builder = CloudFormationClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT));
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Runs the SDK's whole request path of ListStacks, DescribeStacks and DescribeStackResource (endpoint rules,
     * signing, the XML and the response model, hundreds of classes) and this catalog's mapping, before the
     * snapshot, on answers that {@link CannedCloudFormation} gives a client built for the purpose: no call leaves
     * the function, so no function needs a permission it would not otherwise hold. The handler's rehearsal makes
     * the one real call its function may make (see {@link dev.domainsync.json.JsonHandler#rehearsalRequest()}).
     * DescribeStacks runs {@value #PRIMING_DESCRIBES} times.
     */
    @Override
    public void prime() {
        try (CloudFormationClient canned = CannedCloudFormation.client()) {
            SdkStackCatalog offline = new SdkStackCatalog(canned);
            offline.listStacks(null);
            for (int i = 0; i < PRIMING_DESCRIBES; i++) {
                offline.describeStack(CannedCloudFormation.STACK_ID);
            }
            offline.describeStackResource(CannedCloudFormation.STACK_ID, CannedCloudFormation.LOGICAL_ID);
        }
    }

    @Override
    public StackPage listStacks(String nextToken) {
        // One page per call, not the SDK paginator: each ListStacks step of the workflow fetches exactly one page.
        ListStacksRequest request = ListStacksRequest.builder().nextToken(nextToken).build();
        ListStacksResponse response = call("ListStacks", nextToken == null ? "first page" : "next page",
                () -> client.listStacks(request));
        List<StackSummary> stacks = response.stackSummaries().stream()
                .map(SdkStackCatalog::toSummary)
                .toList();
        LOG.debug("ListStacks returned {} stacks, more pages: {}", stacks.size(), response.nextToken() != null);
        return new StackPage(stacks, response.nextToken());
    }

    @Override
    public Optional<StackDescription> describeStack(String stackId) {
        DescribeStacksRequest request = DescribeStacksRequest.builder().stackName(stackId).build();
        List<Stack> stacks;
        try {
            stacks = call("DescribeStacks", "stack " + stackId, () -> client.describeStacks(request)).stacks();
        } catch (AwsServiceException e) {
            if (isStackMissing(e)) {
                LOG.debug("DescribeStacks: stack {} does not exist", stackId);
                return Optional.empty();
            }
            throw e;
        }
        return stacks.stream().findFirst().map(SdkStackCatalog::toDescription);
    }

    @Override
    public Optional<StackResourceDescription> describeStackResource(String stackId, String logicalResourceId) {
        DescribeStackResourceRequest request = DescribeStackResourceRequest.builder()
                .stackName(stackId).logicalResourceId(logicalResourceId).build();
        StackResourceDetail detail;
        try {
            detail = call("DescribeStackResource", "resource " + logicalResourceId + " of stack " + stackId,
                    () -> client.describeStackResource(request)).stackResourceDetail();
        } catch (AwsServiceException e) {
            if (isResourceMissing(e)) {
                LOG.debug("DescribeStackResource: no resource {} in stack {}", logicalResourceId, stackId);
                return Optional.empty();
            }
            throw e;
        }
        if (detail == null) {
            return Optional.empty();
        }
        return Optional.of(new StackResourceDescription(detail.stackId(), detail.logicalResourceId(),
                detail.physicalResourceId(), detail.resourceType(), detail.resourceStatusAsString()));
    }

    private static StackSummary toSummary(software.amazon.awssdk.services.cloudformation.model.StackSummary summary) {
        return new StackSummary(
                summary.stackId(),
                summary.stackName(),
                summary.stackStatusAsString(),
                summary.templateDescription(),
                summary.creationTime(),
                summary.lastUpdatedTime(),
                summary.deletionTime(),
                summary.parentId(),
                summary.rootId());
    }

    private static StackDescription toDescription(Stack stack) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Parameter parameter : stack.parameters()) {
            // An empty value may come back absent; the sync rules treat absent and blank alike.
            parameters.put(parameter.parameterKey(), Objects.requireNonNullElse(parameter.parameterValue(), ""));
        }
        return new StackDescription(
                stack.stackId(),
                stack.stackName(),
                stack.stackStatusAsString(),
                stack.creationTime(),
                stack.lastUpdatedTime(),
                parameters,
                stack.description());
    }

    /** CloudFormation answers a stack it does not know with 400 ValidationError "Stack with id X does not exist". */
    private static boolean isStackMissing(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details != null
                && VALIDATION_ERROR.equals(details.errorCode())
                && details.errorMessage() != null
                && details.errorMessage().startsWith("Stack with id ")
                && details.errorMessage().endsWith(" does not exist");
    }

    /**
     * CloudFormation answers an unknown stack or logical id with 400 ValidationError, "Stack 'X' does not exist"
     * or "Resource Y does not exist for stack X".
     */
    private static boolean isResourceMissing(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details != null
                && VALIDATION_ERROR.equals(details.errorCode())
                && details.errorMessage() != null
                && details.errorMessage().contains(" does not exist");
    }

    /** Runs one SDK call; what is left failing after the SDK's retries becomes a named exception or passes as is. */
    private static <T> T call(String operation, String subject, Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (AwsServiceException e) {
            String code = errorCode(e);
            if (e.isThrottlingException() || THROTTLING_CODES.contains(code)) {
                LOG.warn("CloudFormation {} ({}) throttled after the SDK's retries: code {}, status {}, request id {}",
                        operation, subject, code, e.statusCode(), e.requestId());
                throw new CloudFormationThrottlingException(
                        "CloudFormation " + operation + " (" + subject + ") was throttled after the SDK's retries: "
                                + code + ", request id " + e.requestId(), e);
            }
            if (e.statusCode() >= 500) {
                LOG.warn("CloudFormation {} ({}) unavailable after the SDK's retries: code {}, status {}, request id {}",
                        operation, subject, code, e.statusCode(), e.requestId());
                throw new CloudFormationUnavailableException(
                        "CloudFormation " + operation + " (" + subject + ") answered " + e.statusCode() + " " + code
                                + " after the SDK's retries, request id " + e.requestId(), e);
            }
            throw e;
        } catch (SdkClientException e) {
            if (isMissingCredentials(e)) {
                // A configuration problem, not an outage: retrying the step cannot help.
                throw e;
            }
            LOG.warn("CloudFormation {} ({}) could not be reached after the SDK's retries: {}",
                    operation, subject, e.getMessage());
            throw new CloudFormationUnavailableException(
                    "CloudFormation " + operation + " (" + subject + ") could not be reached after the SDK's retries: "
                            + e.getMessage(), e);
        }
    }

    private static boolean isMissingCredentials(SdkClientException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Unable to load credentials");
    }

    private static String errorCode(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        return details == null || details.errorCode() == null ? "no error code" : details.errorCode();
    }
}
