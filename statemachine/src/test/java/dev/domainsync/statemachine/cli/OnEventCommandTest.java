package dev.domainsync.statemachine.cli;

import static dev.domainsync.statemachine.workflow.TestStacks.id;
import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.domainsync.json.Json;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import dev.domainsync.statemachine.workflow.StackEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code domain-sync on-event} against a separately started PostgreSQL and a snapshot file. */
class OnEventCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final JsonNode STACKS = snapshot()
            .live("shop", T0, "shop.example.com", "g-shop")
            .deleted("blog", 1, T0, T0.plus(Duration.ofHours(1)), "blog.example.com", "g-blog")
            .json();

    @TempDir
    Path dir;

    private final TestDatabase db = TestDatabases.migrated();

    @Test
    void oneEventFile_appliesTheStackAndPrintsTheOutcomeAndTheChanges() throws IOException {
        String event = write("event.json", StackEvents.event(id("shop", 1), "CREATE_COMPLETE", T0));

        CliRun run = CliRun.execute("on-event", "--event", event, "--jdbc-url", db.jdbcUrl(),
                "--stacks-snapshot", snapshotFile(), "--report", dir.resolve("report").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("== event 1 of 1: CREATE_COMPLETE " + id("shop", 1))
                .contains("status           SUCCEEDED")
                .contains("outcome          REPLACED: 1 claims for group g-shop")
                .contains("+ shop.example.com -> g-shop (shop)");
        assertThat(db.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(STACKS));
        assertThat(dir.resolve("report").resolve("history.json")).isNotEmptyFile();
        assertThat(dir.resolve("report").resolve("report.html")).isNotEmptyFile();
    }

    @Test
    void arrayOfEventsOnStdin_runsOneExecutionEach_inOrder() {
        ArrayNode events = Json.mapper().createArrayNode();
        events.add(StackEvents.eventNode(id("shop", 1), "CREATE_COMPLETE", T0));
        events.add(StackEvents.eventNode(id("blog", 1), "DELETE_COMPLETE", T0));
        events.add(StackEvents.eventNode(id("shop", 1), "CREATE_COMPLETE", T0));

        CliRun run = withStdin(events.toString(), () -> CliRun.execute("on-event", "--event", "-",
                "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot", snapshotFile()));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("== event 1 of 3").contains("== event 3 of 3")
                .contains("outcome          REMOVED").contains("outcome          UNCHANGED");
        assertThat(db.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(STACKS));
    }

    @Test
    void eventOfAnotherKind_isRefusedNamingTheEventAndTheField_andNothingRuns() throws IOException {
        ArrayNode events = Json.mapper().createArrayNode();
        events.add(StackEvents.eventNode(id("shop", 1), "CREATE_COMPLETE", T0));
        events.add(StackEvents.eventNode(id("blog", 1), "DELETE_COMPLETE", T0).put("detail-type",
                "CloudFormation Resource Status Change"));

        CliRun run = CliRun.execute("on-event", "--event", write("events.json", events.toString()),
                "--jdbc-url", db.jdbcUrl(), "--stacks-snapshot", snapshotFile());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow())
                .contains("event 2 of 2: field 'detail-type' must be CloudFormation Stack Status Change");
        assertThat(db.mappings()).isEmpty();
    }

    @Test
    void eventFileThatIsNoJson_isRefusedNamingTheFile() throws IOException {
        String file = write("broken.json", "{\"detail\": ");

        CliRun run = CliRun.execute("on-event", "--event", file, "--stacks-snapshot", snapshotFile());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElseThrow()).contains("--event " + file + " is not valid JSON");
    }

    private String snapshotFile() {
        try {
            Path path = dir.resolve("stacks.json");
            SampleSnapshots.write(STACKS, path);
            return path.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8).toString();
    }

    private static CliRun withStdin(String text, java.util.function.Supplier<CliRun> command) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(stdin);
        }
    }
}
