package dev.domainsync.steps;

import static dev.domainsync.steps.StreamInvoker.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.StackDescription;
import dev.domainsync.steps.StackReader;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ReadStack on the event as AWS documents it: what DescribeStacks says now decides, through the sync rules. */
class ReadStackHandlerTest {

    /** The stack of AWS's documented example event ({@code read-stack/create-complete.json}). */
    private static final String STACK =
            "arn:aws:cloudformation:us-west-1:111122223333:stack/teststack/6fa9a1b0-e757-11e7-9f5c-50faeaee4fd6";
    private static final Instant CREATED = Instant.parse("2017-12-22T18:40:00Z");
    private static final Instant UPDATED = Instant.parse("2017-12-23T08:00:00Z");
    private static final Map<String, String> PARAMETERS =
            Map.of("CustomDomainName", "Shop.Example.com, www.shop.example.com", "GroupId", "g-1");

    private final FakeStackCatalog catalog = new FakeStackCatalog();
    private final ReadStackHandler handler = new ReadStackHandler(new StackReader(catalog,
            new StackFilter(SyncSettings.defaults()), new ClaimExtractor(SyncSettings.defaults())));

    @Test
    void createComplete_ofADistributionStack_givesItsClaimsAndCreationTimeAsVersion() {
        describe("CREATE_COMPLETE", "Customer CloudFront distribution", null, PARAMETERS);

        JsonNode reading = invoke(handler, event());

        assertThat(reading.get("verdict").asText()).isEqualTo("CLAIMS");
        assertThat(reading.get("versionTime").asText()).isEqualTo(CREATED.toString());
        assertThat(reading.get("extract").get("groupId").asText()).isEqualTo("g-1");
        assertThat(reading.get("extract").get("domains")).extracting(JsonNode::asText)
                .containsExactly("shop.example.com", "www.shop.example.com");
        assertThat(catalog.described).containsExactly(STACK);
    }

    @Test
    void updateComplete_versionIsTheLastUpdatedTime() {
        describe("UPDATE_COMPLETE", "Customer CloudFront distribution", UPDATED, PARAMETERS);

        JsonNode reading = invoke(handler, event("UPDATE_COMPLETE"));

        assertThat(reading.get("verdict").asText()).isEqualTo("CLAIMS");
        assertThat(reading.get("versionTime").asText()).isEqualTo(UPDATED.toString());
    }

    @Test
    void eventSaysCreateComplete_butTheStackIsDeletedNow_isGone() {
        describe("DELETE_COMPLETE", "Customer CloudFront distribution", null, PARAMETERS);

        JsonNode reading = invoke(handler, event());

        assertThat(reading.get("verdict").asText()).isEqualTo("GONE");
        assertThat(reading.get("reason").asText()).isEqualTo("DELETED");
    }

    @Test
    void stackCloudFormationNoLongerKnows_isGone() {
        JsonNode reading = invoke(handler, event("DELETE_COMPLETE"));

        assertThat(reading.get("verdict").asText()).isEqualTo("GONE");
        assertThat(reading.get("reason").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void rolledBackOrFailedStack_isIgnoredAsNotLive() {
        describe("UPDATE_ROLLBACK_FAILED", "Customer CloudFront distribution", UPDATED, PARAMETERS);

        JsonNode reading = invoke(handler, event("UPDATE_ROLLBACK_FAILED"));

        assertThat(reading.get("verdict").asText()).isEqualTo("IGNORED");
        assertThat(reading.get("reason").asText()).isEqualTo("NOT_LIVE");
        assertThat(reading.get("stackStatus").asText()).isEqualTo("UPDATE_ROLLBACK_FAILED");
    }

    @Test
    void stackOfAnotherTemplate_isIgnoredAsNotADistribution() {
        describe("CREATE_COMPLETE", "Build pipeline", null, PARAMETERS);

        JsonNode reading = invoke(handler, event());

        assertThat(reading.get("verdict").asText()).isEqualTo("IGNORED");
        assertThat(reading.get("reason").asText()).isEqualTo("NOT_A_DISTRIBUTION_STACK");
    }

    @Test
    void distributionStackWithoutItsGroup_isASkipWithTheRulesReason() {
        describe("CREATE_COMPLETE", "Customer CloudFront distribution", null,
                Map.of("CustomDomainName", "shop.example.com"));

        JsonNode reading = invoke(handler, event());

        assertThat(reading.get("verdict").asText()).isEqualTo("SKIPPED");
        assertThat(reading.get("reason").asText()).isEqualTo("MISSING_GROUP_PARAMETER");
    }

    @Test
    void eventFromAnotherSource_failsNamingTheField() {
        ObjectNode event = (ObjectNode) Json.mapper().valueToTree(readTree(event()));
        event.put("source", "aws.ec2");

        assertThatThrownBy(() -> invoke(handler, event.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'source' must be aws.cloudformation");
    }

    @Test
    void stackNameInsteadOfAStackArn_failsNamingTheField() {
        String event = event().replace(STACK, "teststack");

        assertThatThrownBy(() -> invoke(handler, event))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'detail.stack-id' must be a CloudFormation stack ARN");
    }

    @Test
    void eventWithoutDetail_failsNamingTheField() {
        assertThatThrownBy(() -> invoke(handler, """
                {"source": "aws.cloudformation", "detail-type": "CloudFormation Stack Status Change"}"""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'detail'");
    }

    private void describe(String status, String description, Instant updated, Map<String, String> parameters) {
        catalog.descriptions.put(STACK, new StackDescription(STACK, "teststack", status, CREATED, updated, parameters,
                description));
    }

    /** AWS's documented example event, with the status given. */
    private static String event(String status) {
        return event().replace("\"CREATE_COMPLETE\"", "\"" + status + "\"");
    }

    private static String event() {
        try (InputStream in = ReadStackHandlerTest.class.getResourceAsStream("read-stack/create-complete.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
