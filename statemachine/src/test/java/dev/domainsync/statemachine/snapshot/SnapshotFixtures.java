package dev.domainsync.statemachine.snapshot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The snapshots and the SDK client that the snapshot endpoint tests share. */
public final class SnapshotFixtures {

    /** The SDK's default number of attempts; the retries wait no time at all. */
    static final int MAX_ATTEMPTS = 4;

    static final String ALPHA = "web-alpha";
    static final String BETA = "web-beta";
    static final String REUSED = "web-reused";
    static final String GONE = "web-gone";
    static final String STACK_ID_PREFIX = "arn:aws:cloudformation:us-east-1:123456789012:stack/";
    static final String GONE_ID = STACK_ID_PREFIX + "web-gone/0a1b2c3d-0000-4000-8000-000000000006";
    static final String REUSED_DELETED_ID = STACK_ID_PREFIX + "web-reused/0a1b2c3d-0000-4000-8000-000000000003";
    static final String REUSED_LIVE_ID = STACK_ID_PREFIX + "web-reused/0a1b2c3d-0000-4000-8000-000000000004";

    private SnapshotFixtures() {
    }

    /** stacks.json: six stacks, two deleted, one name reused, one nested, special characters in web-beta. */
    static Path stacksFile() {
        try {
            return Path.of(SnapshotFixtures.class.getResource("stacks.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static StackSnapshot stacks() {
        try {
            return StackSnapshot.load(stacksFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} generated stacks: every 10th deleted, every 7th updated, every 25th nested in the first,
     * creation times a minute and a millisecond apart.
     */
    static StackSnapshot generated(int count) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode stacks = root.putArray("Stacks");
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        String rootId = stackId(1);
        for (int number = 1; number <= count; number++) {
            ObjectNode stack = stacks.addObject();
            Instant created = base.plus(Duration.ofMinutes(number)).plusMillis(number);
            stack.put("StackId", stackId(number));
            stack.put("StackName", name(number));
            stack.put("Description", "CloudFront distribution #" + number);
            ArrayNode parameters = stack.putArray("Parameters");
            parameters.addObject().put("ParameterKey", "CustomDomainName").put("ParameterValue", "d" + number + ".example.com");
            parameters.addObject().put("ParameterKey", "GroupId").put("ParameterValue", "group-" + number % 9);
            stack.put("CreationTime", created.toString());
            if (number % 7 == 0) {
                stack.put("LastUpdatedTime", created.plus(Duration.ofHours(1)).toString());
            }
            if (number % 25 == 0) {
                stack.put("ParentId", rootId).put("RootId", rootId);
            }
            if (number % 10 == 0) {
                stack.put("StackStatus", "DELETE_COMPLETE");
                stack.put("DeletionTime", created.plus(Duration.ofDays(1)).plusMillis(7).toString());
            } else {
                stack.put("StackStatus", number % 3 == 0 ? "UPDATE_COMPLETE" : "CREATE_COMPLETE");
            }
        }
        return StackSnapshot.parse(root.toPrettyString(), "generated-" + count);
    }

    static String name(int number) {
        return String.format("stack-%03d", number);
    }

    static String stackId(int number) {
        return STACK_ID_PREFIX + name(number) + String.format("/00000000-0000-4000-8000-%012d", number);
    }

    /**
     * The real SDK client as the lambdas build it (the SDK's default retry mode, 4 attempts), pointed at
     * {@code endpoint}, with retries that never wait; the workflow tests use it too.
     */
    public static CloudFormationClient client(URI endpoint) {
        return CloudFormationClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(configuration -> configuration.retryStrategy(
                        AwsRetryStrategy.defaultRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .backoffStrategy(BackoffStrategy.retryImmediately())
                                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                                .build()))
                .build();
    }
}
