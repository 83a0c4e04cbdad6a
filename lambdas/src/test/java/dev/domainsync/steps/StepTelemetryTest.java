package dev.domainsync.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedPage;
import dev.domainsync.telemetry.EmfCapture;
import dev.domainsync.telemetry.FunctionContext;
import dev.domainsync.telemetry.LogCapture;
import dev.domainsync.wiring.Collaborators;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The steps as Lambda runs them, on a real PostgreSQL reached with a password in the configuration: the JSON log lines
 * carry the request, execution, run and state; the EMF document of a run holds its report's numbers; an event is
 * counted by its outcome; a rehearsal before the snapshot builds its document and publishes none; and the password
 * appears in no log line, log field or metric.
 */
class StepTelemetryTest {

    private static final String PASSWORD = "pw-6f1c0d2e-never-logged";
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:domain-sync:nightly";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final String ARN = "arn:aws:cloudformation:eu-west-1:123456789012:stack/";

    private final TestDatabase db = TestDatabases.migrated();
    // Trust authentication ignores the password, but the configuration holds it as a deployed one would.
    private final Config config = Config.from(Map.of("DB_JDBC_URL", db.jdbcUrl() + "&password=" + PASSWORD));
    private final PostgresDomainRegistry registry = Collaborators.domainRegistry(config);
    private final EmfCapture emf = new EmfCapture();

    @Test
    void pruneDeletedOnLambda_logsJsonWithItsContextAndCountsTheReportsNumbers() throws IOException {
        RunContext run = registry.startRun(EXECUTION, START, ExecutionInput.parse(null));
        registry.stagePage(new StagedPage(run.runId(), List.of(stack("a"), stack("b"), stack("c"), stack("other")),
                List.of(), List.of(
                        StackExtract.claims(candidate("a"), "g-1", List.of("a.example.com", "www.a.example.com"), List.of()),
                        StackExtract.claims(candidate("b"), "g-2", List.of("b.example.com"), List.of()),
                        StackExtract.skipped(candidate("c"), SkipReason.BLANK_GROUP_PARAMETER, List.of()))));
        PruneDeletedHandler handler = new PruneDeletedHandler(registry, emf.telemetry());
        ObjectNode request = Json.mapper().createObjectNode().put("runId", run.runId()).put("distributionStacks", 3)
                .put("executionId", EXECUTION).put("state", "PruneDeleted").put("retryCount", 0);

        RunReport report;
        List<JsonNode> lines;
        try (LogCapture logs = new LogCapture()) {
            report = Json.mapper().treeToValue(invoke(handler, request, "req-prune"), RunReport.class);
            lines = logs.lines();
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("function_request_id").asText()).isEqualTo("req-prune");
            assertThat(line.path("execution_id").asText()).isEqualTo(EXECUTION);
            assertThat(line.path("run_id").asText()).isEqualTo(Long.toString(run.runId()));
            assertThat(line.path("state").asText()).isEqualTo("PruneDeleted");
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).contains("SUCCEEDED"));
        JsonNode document = emf.documents().get(0);
        assertThat(emf.documents()).hasSize(1);
        assertThat(report.mappingsInserted()).isEqualTo(3);
        assertThat(RunMetricsOracle.declared(document)).isEqualTo(RunMetricsOracle.expected(report, 3));
        assertThat(emf.text()).doesNotContain(PASSWORD);
    }

    @Test
    void applyStackOnLambda_countsTheEventByItsOutcome() throws IOException {
        ApplyStackHandler handler = new ApplyStackHandler(Collaborators.stackEventRegistry(config), emf.telemetry());
        JsonNode request = Json.mapper().readTree("""
                {"executionId": "arn:aws:states:eu-west-1:123456789012:execution:domain-sync-sync-stack:e1",
                 "state": "ApplyStack", "retryCount": 0,
                 "reading": {"stackId": "%1$sshop", "stackName": "shop", "stackStatus": "CREATE_COMPLETE",
                             "verdict": "CLAIMS", "versionTime": "2026-01-01T00:00:00Z",
                             "extract": {"stackId": "%1$sshop", "stackName": "shop",
                                         "creationTime": "2026-01-01T00:00:00Z", "groupId": "g-1",
                                         "domains": ["shop.example.com", "www.shop.example.com"]}}}""".formatted(ARN));

        AppliedStack first = Json.mapper().treeToValue(invoke(handler, request, "req-1"), AppliedStack.class);
        AppliedStack again = Json.mapper().treeToValue(invoke(handler, request, "req-2"), AppliedStack.class);

        assertThat(first.outcome()).isEqualTo(AppliedStack.Outcome.REPLACED);
        assertThat(again.outcome()).isEqualTo(AppliedStack.Outcome.UNCHANGED);
        assertThat(emf.documents()).extracting(document -> document.path("Outcome").asText(),
                        document -> document.path("StackEvents").asInt(),
                        document -> document.path("MappingChanges").asInt())
                .containsExactly(
                        tuple("REPLACED", 1, 2),
                        tuple("UNCHANGED", 1, 0));
        assertThat(emf.text()).doesNotContain(PASSWORD);
    }

    @Test
    void pruneDeletedRehearsal_buildsItsEmfDocumentAndPublishesNothing() throws IOException {
        PruneDeletedHandler handler = new PruneDeletedHandler(registry, emf.telemetry());

        assertRehearsalPublishesNothing(handler);

        RunContext run = registry.startRun(EXECUTION, START, ExecutionInput.parse(null));
        invoke(handler, Json.mapper().createObjectNode().put("runId", run.runId()).put("distributionStacks", 0),
                "req-after-restore");
        assertThat(emf.documents()).singleElement()
                .satisfies(document -> assertThat(document.path("StacksListed").isNumber()).isTrue());
    }

    @Test
    void applyStackRehearsal_buildsItsEmfDocumentAndPublishesNothing() {
        assertRehearsalPublishesNothing(
                new ApplyStackHandler(Collaborators.stackEventRegistry(config), emf.telemetry()));
    }

    /**
     * Runs the SnapStart hook: its rehearsal counts made-up numbers and builds their EMF document (the log says so),
     * which neither reaches the metrics nor stdout, where Lambda's EMF documents go.
     */
    private void assertRehearsalPublishesNothing(JsonHandler<?, ?> handler) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<String> messages;
        try (LogCapture logs = new LogCapture()) {
            handler.beforeCheckpoint(null);
            messages = logs.lines().stream().map(line -> line.path("message").asText()).toList();
        } finally {
            System.setOut(stdout);
        }

        assertThat(messages).anySatisfy(message -> assertThat(message)
                .matches("Rehearsal built 1 EMF document\\(s\\) of [1-9][0-9]* characters and published none"));
        assertThat(emf.documents()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("_aws");
    }

    private static JsonNode invoke(RequestStreamHandler handler,
            JsonNode request, String requestId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(request)), out,
                FunctionContext.of(requestId, handler.getClass().getSimpleName().replace("Handler", "Function")));
        return Json.mapper().readTree(out.toByteArray());
    }

    private static String stack(String name) {
        return ARN + name;
    }

    private static CandidateStack candidate(String name) {
        return new CandidateStack(stack(name), name, START.minusSeconds(86_400), null);
    }
}
