package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI, where the machine has one, reads the snapshot endpoint as it reads CloudFormation. */
class AwsCliTest {

    @TempDir
    Path directory;

    private Path aws;
    private SnapshotEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "aws"))
                .filter(Files::isExecutable)
                .findFirst();
        assumeTrue(found.isPresent(), "no `aws` on the PATH: the AWS CLI check is skipped");
        aws = found.get();
        endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none(), 2);
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void listStacks_cliFollowsEveryPage() throws Exception {
        JsonNode output = aws("cloudformation", "list-stacks");

        List<JsonNode> summaries = list(output.get("StackSummaries"));
        StackSnapshot snapshot = SnapshotFixtures.stacks();
        assertThat(summaries).extracting(summary -> summary.get("StackId").asText())
                .containsExactlyElementsOf(snapshot.stacks().stream().map(SnapshotStack::stackId).toList());
        assertThat(endpoint.requestCount()).as("three pages of two").isEqualTo(3);
        JsonNode beta = summaries.get(1);
        assertThat(beta.get("TemplateDescription").asText()).isEqualTo(snapshot.stacks().get(1).description().orElseThrow());
        assertThat(OffsetDateTime.parse(beta.get("CreationTime").asText()).toInstant())
                .isEqualTo(snapshot.stacks().get(1).creationTime());
        assertThat(OffsetDateTime.parse(summaries.get(5).get("DeletionTime").asText()).toInstant())
                .isEqualTo(snapshot.stacks().get(5).deletionTime().orElseThrow());
    }

    @Test
    void listStacks_statusFilter_cliSendsItAndGetsOnlyThoseStacks() throws Exception {
        JsonNode output = aws("cloudformation", "list-stacks", "--stack-status-filter", "DELETE_COMPLETE");

        assertThat(list(output.get("StackSummaries"))).extracting(summary -> summary.get("StackId").asText())
                .containsExactly(SnapshotFixtures.REUSED_DELETED_ID, SnapshotFixtures.GONE_ID);
    }

    @Test
    void describeStacks_byName_cliReadsParametersWithSpecialCharacters() throws Exception {
        JsonNode output = aws("cloudformation", "describe-stacks", "--stack-name", SnapshotFixtures.BETA);

        JsonNode beta = output.get("Stacks").get(0);
        assertThat(beta.get("StackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
        assertThat(beta.get("Parameters").get(1).get("ParameterValue").asText()).isEqualTo("group \"2\" & 'two'");
        assertThat(beta.get("Tags").get(0).get("Value").asText()).isEqualTo("edge & cdn");
    }

    private JsonNode aws(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", endpoint.uri().toString(), "--region", "us-east-1", "--output", "json"));
        Path stdout = directory.resolve("stdout.json");
        Path stderr = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_CONFIG_FILE", directory.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", directory.resolve("no-credentials").toString());
        environment.put("AWS_PAGER", "");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", arguments) + " did not finish in 120 s");
        }
        assertThat(process.exitValue()).as("aws exit status; stderr: %s", Files.readString(stderr)).isZero();
        return Json.mapper().readTree(Files.readString(stdout));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
