package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.ListStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * The whole path from customers' CloudFormation stacks to {@code domain_mappings}, against a CloudFormation that
 * nobody here wrote: moto's server creates, updates and deletes stacks from the real
 * {@code sam/cloudfront-distribution.yaml} (with {@code DeployDistribution=false}, since moto cannot create a
 * distribution), and the real workflow reads them through the real SDK. Skipped, visibly, where python3 cannot
 * import moto.
 */
class MotoEndToEndTest {

    private static final Path DISTRIBUTION_TEMPLATE = Path.of("..", "sam", "cloudfront-distribution.yaml");

    /** Same parameters as the distribution template, but a Description that the default pattern rejects. */
    private static final String API_GATEWAY_TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Description: Customer API gateway for a custom domain
            Parameters:
              CustomDomainName:
                Type: String
              GroupId:
                Type: String
            Resources:
              Placeholder:
                Type: AWS::CloudFormation::WaitConditionHandle
            """;

    /**
     * Stands in for the domain-sync stack's export. moto resolves the custom resource's ImportValue on UpdateStack
     * even though the resource's Condition is false, and fails when nothing exports it.
     */
    private static final String DOMAIN_SYNC_EXPORT_TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Description: domain-sync stand-in exporting the custom resource's function ARN
            Resources:
              Placeholder:
                Type: AWS::CloudFormation::WaitConditionHandle
            Outputs:
              DomainRegistrationFunctionArn:
                Value: arn:aws:lambda:us-east-1:123456789012:function:domain-sync-DomainRegistration:live
                Export:
                  Name: !Sub ${AWS::StackName}-DomainRegistrationFunctionArn
            """;

    @TempDir
    static Path directory;

    private static Optional<String> unavailable;
    private static MotoServer moto;
    private static CloudFormationClient cloudFormation;

    private WorkflowHarness harness;

    @BeforeAll
    static void startMoto() throws IOException {
        unavailable = MotoServer.unavailableReason(directory);
        if (unavailable.isPresent()) {
            System.out.println("MotoEndToEndTest SKIPPED: moto not installed: " + unavailable.get());
            return;
        }
        moto = MotoServer.start(directory);
        cloudFormation = CloudFormationClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(moto.uri())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void stopMoto() {
        if (cloudFormation != null) {
            cloudFormation.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    // The assumption sits here, not in @BeforeAll, so that the report counts the test as skipped, not as absent.
    @BeforeEach
    void requireMoto() {
        assumeTrue(unavailable.isEmpty(), () -> "moto not installed: " + unavailable.orElseThrow());
        harness = new WorkflowHarness();
    }

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void stacksOfTheRealDistributionTemplate_flowIntoDomainMappings_throughCreateUpdateAndDelete() throws IOException {
        String distribution = Files.readString(DISTRIBUTION_TEMPLATE);
        create("domain-sync", DOMAIN_SYNC_EXPORT_TEMPLATE, Map.of());
        create("api-gateway-1", API_GATEWAY_TEMPLATE,
                Map.of("CustomDomainName", "api-1.ignored.example", "GroupId", "g-api"));
        // Older than shop-04, so it would win shop-04.example.com if the workflow did not ignore it.
        create("api-gateway-2", API_GATEWAY_TEMPLATE,
                Map.of("CustomDomainName", "shop-04.example.com", "GroupId", "g-api"));
        Map<String, String> customers = customerStacks();
        customers.forEach((name, domainsAndGroup) -> createCustomer(distribution, name, domainsAndGroup));

        ExecutionResult first = harness.cloudFormation(cloudFormation).run("{}", Instant.now());

        JsonNode firstReport = SyncWorkflowTest.report(first);
        summarise("run 1", first, firstReport);
        assertThat(firstReport.get("mode").asText()).isEqualTo("BACKFILL");
        assertThat(firstReport.get("candidates").asInt()).as("every customer stack, no other")
                .isEqualTo(customers.size());
        assertThat(firstReport.get("skippedByReason")).hasToString("{\"BLANK_GROUP_PARAMETER\":1}");
        assertThat(firstReport.get("invalidDomains").asInt()).as("bad_label, -dash, .123, localhost").isEqualTo(4);
        List<Mapping> afterFirst = harness.mappings();
        assertThat(afterFirst).containsExactlyElementsOf(ExpectedMappings.backfillTable(describeStacks()));
        assertThat(afterFirst).contains(
                row("shop-04.example.com", "group-4", "shop-04"),
                row("b.example.org", "group-lists", "multi-b"),
                row("*.b.example.org", "group-lists", "multi-b"),
                row("upper.example.com", "group-case", "upper"),
                row("www.mixed.example.io", "group-case", "mixed"),
                row("xn--bcher-kva.example.de", "group-idn", "idn"),
                row("ok.example.info", "group-invalid", "invalid-mix"),
                row("padded.example.com", "team-7", "padded-group"),
                row("shared.example.com", "g-early", "early-owner"));
        assertThat(afterFirst).extracting(Mapping::domainName)
                .doesNotContain("api-1.ignored.example", "bad_label.example.info", "localhost",
                        "blank-group.example.com")
                .doesNotHaveDuplicates();

        updateCustomer(distribution, "shop-01", "shop-01-renamed.example.com", "group-1");
        updateCustomer(distribution, "shop-02", "shop-02.example.com", "group-moved");
        updateCustomer(distribution, "multi-a", "a.example.org", "group-lists");
        delete("early-owner");
        delete("shop-03");
        delete("mixed");
        createCustomer(distribution, "newcomer", "new.example.com|group-new");
        // moto stamps wall-clock times, so the second run starts after these changes; its since (the first run's
        // start minus the 6 h overlap) lies before every stack moto made. moto leaves LastUpdatedTime empty on
        // UpdateStack, so an updated stack counts as changed by its CreationTime, which the overlap covers.
        ExecutionResult second = harness.run("{}", Instant.now().plus(Duration.ofMinutes(1)));

        JsonNode secondReport = SyncWorkflowTest.report(second);
        summarise("run 2", second, secondReport);
        assertThat(secondReport.get("mode").asText()).isEqualTo("INCREMENTAL");
        assertThat(secondReport.get("stacksPruned").asInt()).as("the three deleted stacks").isEqualTo(3);
        List<Mapping> afterSecond = harness.mappings();
        assertThat(afterSecond).containsExactlyElementsOf(ExpectedMappings.backfillTable(describeStacks()));
        assertThat(afterSecond).contains(
                row("shop-01-renamed.example.com", "group-1", "shop-01"),
                row("shop-02.example.com", "group-moved", "shop-02"),
                row("a.example.org", "group-lists", "multi-a"),
                row("shared.example.com", "g-late", "late-claimant"),
                row("new.example.com", "group-new", "newcomer"));
        assertThat(afterSecond).extracting(Mapping::domainName)
                .doesNotContain("shop-01.example.com", "www.a.example.org", "early.example.com",
                        "shop-03.example.com", "mixed.example.io", "www.mixed.example.io");
    }

    /**
     * Thirty customers, by stack name, as "domains|group": single domains, comma lists, upper case, an IDN, invalid
     * items, a conflict (the earlier stack wins), a blank group (skipped) and a padded one (trimmed). Every value
     * passes the template's own AllowedPattern and MinLength, as in real CloudFormation; moto checks neither.
     */
    private static Map<String, String> customerStacks() {
        Map<String, String> stacks = new LinkedHashMap<>();
        stacks.put("early-owner", "shared.example.com,early.example.com|g-early");
        for (int i = 1; i <= 18; i++) {
            stacks.put(String.format("shop-%02d", i), String.format("shop-%02d.example.com|group-%d", i, i % 5));
        }
        stacks.put("multi-a", "a.example.org,www.a.example.org|group-lists");
        stacks.put("multi-b", "b.example.org.,*.b.example.org|group-lists");
        stacks.put("multi-c", "c.example.net,c.example.net,C.EXAMPLE.NET|group-lists");
        stacks.put("upper", "Upper.Example.COM|group-case");
        stacks.put("mixed", "MiXeD.example.io,WWW.Mixed.Example.IO|group-case");
        stacks.put("idn", "Bücher.example.de|group-idn");
        stacks.put("invalid-mix", "ok.example.info,bad_label.example.info,-dash.example.info,host.example.123"
                + "|group-invalid");
        stacks.put("invalid-only", "localhost|group-invalid");
        stacks.put("blank-group", "blank-group.example.com| ");
        stacks.put("padded-group", "padded.example.com|  team-7  ");
        stacks.put("late-claimant", "shared.example.com|g-late");
        return stacks;
    }

    private static void createCustomer(String template, String name, String domainsAndGroup) {
        create(name, template, customerParameters(domainsAndGroup));
    }

    private static void updateCustomer(String template, String name, String domains, String group) {
        cloudFormation.updateStack(request -> request.stackName(name)
                .templateBody(template)
                .parameters(parameters(customerParameters(domains + "|" + group))));
    }

    private static Map<String, String> customerParameters(String domainsAndGroup) {
        String[] parts = domainsAndGroup.split("\\|", 2);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("CustomDomainName", parts[0]);
        values.put("GroupId", parts[1]);
        values.put("AcmCertificateArn",
                "arn:aws:acm:us-east-1:123456789012:certificate/0f6e1d2c-3b4a-4958-8a7b-6c5d4e3f2a1b");
        values.put("OriginDomainName", "origin.customer.example.net");
        values.put("DeployDistribution", "false");
        values.put("RegisterDomain", "false");
        return values;
    }

    private static void create(String name, String template, Map<String, String> values) {
        cloudFormation.createStack(request -> request.stackName(name)
                .templateBody(template)
                .parameters(parameters(values)));
    }

    private static void delete(String name) {
        cloudFormation.deleteStack(request -> request.stackName(name));
    }

    private static List<Parameter> parameters(Map<String, String> values) {
        List<Parameter> parameters = new ArrayList<>();
        values.forEach((key, value) ->
                parameters.add(Parameter.builder().parameterKey(key).parameterValue(value).build()));
        return parameters;
    }

    /** What moto's DescribeStacks says now, as the snapshot tree ({"Stacks": [...]}) the oracle reads. */
    private static JsonNode describeStacks() {
        ObjectNode snapshot = Json.mapper().createObjectNode();
        ArrayNode stacks = snapshot.putArray("Stacks");
        for (Stack stack : cloudFormation.describeStacksPaginator(DescribeStacksRequest.builder().build()).stacks()) {
            ObjectNode node = stacks.addObject()
                    .put("StackId", stack.stackId())
                    .put("StackName", stack.stackName())
                    .put("Description", stack.description())
                    .put("StackStatus", stack.stackStatusAsString())
                    .put("CreationTime", stack.creationTime().toString());
            if (stack.lastUpdatedTime() != null) {
                node.put("LastUpdatedTime", stack.lastUpdatedTime().toString());
            }
            ArrayNode parameters = node.putArray("Parameters");
            for (Parameter parameter : stack.parameters()) {
                parameters.addObject()
                        .put("ParameterKey", parameter.parameterKey())
                        .put("ParameterValue", parameter.parameterValue());
            }
        }
        return snapshot;
    }


    private static Mapping row(String domain, String group, String stackName) {
        return new Mapping(domain, group, stackId(stackName), stackName);
    }

    private static String stackId(String name) {
        return cloudFormation.describeStacks(request -> request.stackName(name)).stacks().get(0).stackId();
    }

    /** One line on what moto listed and what the run made of it. */
    private void summarise(String run, ExecutionResult result, JsonNode report) {
        Map<String, Integer> statuses = new TreeMap<>();
        int pages = 0;
        int stacks = 0;
        int withLastUpdatedTime = 0;
        for (ListStacksResponse page : cloudFormation.listStacksPaginator(ListStacksRequest.builder().build())) {
            pages++;
            for (StackSummary summary : page.stackSummaries()) {
                stacks++;
                statuses.merge(summary.stackStatusAsString(), 1, Integer::sum);
                withLastUpdatedTime += summary.lastUpdatedTime() == null ? 0 : 1;
            }
        }
        System.out.printf("MotoEndToEndTest %s: moto listed %d stacks in %d page(s) %s, %d with LastUpdatedTime;"
                        + " the workflow read %d ListStacks page(s): %s, %d candidates, %d skipped, %d invalid domains,"
                        + " %d stacks pruned, %d mappings%n",
                run, stacks, pages, statuses, withLastUpdatedTime,
                statesEntered(result).stream().filter("ListStacks"::equals).count(), report.get("mode").asText(),
                report.get("candidates").asInt(), report.get("stacksSkipped").asInt(),
                report.get("invalidDomains").asInt(), report.get("stacksPruned").asInt(),
                report.get("mappingsTotal").asInt());
    }
}
