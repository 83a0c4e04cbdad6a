package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.cli.FakeStepFunctions.Call;
import dev.domainsync.statemachine.cli.FakeStepFunctions.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

class HistoryCommandTest {

    static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:SyncDomains:manual-1";
    static final String NL = System.lineSeparator();

    @TempDir
    Path reportDir;

    private final FakeStepFunctions stepFunctions = FakeStepFunctions.start();
    private final OperatorCli cli = new OperatorCli();

    @AfterEach
    void stop() {
        stepFunctions.close();
    }

    @Test
    void threePages_followsEachNextTokenAndWritesEveryEventInOrder() throws IOException {
        ObjectNode history = smallHistory();
        HistoryPages pages = new HistoryPages(history, 4);
        stepFunctions.on("GetExecutionHistory", pages).on("DescribeStateMachineForExecution", request -> definition());

        OperatorCli.Outcome outcome = history();

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<Call> calls = stepFunctions.calls("GetExecutionHistory");
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.body().path("executionArn").asText()).isEqualTo(EXECUTION);
            assertThat(call.body().path("maxResults").asInt()).isEqualTo(1000);
            assertThat(call.body().path("includeExecutionData").asBoolean()).isTrue();
        });
        assertThat(calls).extracting(call -> call.body().path("nextToken").asText(null))
                .containsExactly(null, pages.tokensIssued.get(0), pages.tokensIssued.get(1));
        assertThat(written("history.json")).isEqualTo(reparsed(history));
        assertThat(written("history.json").path("events")).extracting(event -> event.path("id").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(outcome.out()).isEqualTo(EXECUTION + " SUCCEEDED, 9 events, 3 pages read; written "
                + reportDir.resolve("history.json") + " and " + reportDir.resolve("report.html") + NL);
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void history_writesTheReportDrawnWithTheExecutionsOwnDefinition() throws IOException {
        stepFunctions.on("GetExecutionHistory", new HistoryPages(smallHistory(), 1000))
                .on("DescribeStateMachineForExecution", request -> definition());

        OperatorCli.Outcome outcome = history();

        assertThat(outcome.exitCode()).isZero();
        assertThat(stepFunctions.calls("DescribeStateMachineForExecution")).singleElement()
                .satisfies(call -> assertThat(call.body().path("executionArn").asText()).isEqualTo(EXECUTION));
        String html = Files.readString(reportDir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html").contains("StartRun").contains("PruneDeleted");
        assertThat(cli.clientRegions).containsExactly(Region.US_EAST_1);
    }

    @Test
    void definitionNotPermitted_fallsBackToTheBundledDefinitionAndSaysSo() throws IOException {
        stepFunctions.on("GetExecutionHistory", new HistoryPages(smallHistory(), 1000))
                .on("DescribeStateMachineForExecution", request -> Reply.error("AccessDeniedException",
                        "User: arn:aws:sts::123456789012:assumed-role/auditor is not authorized to perform:"
                                + " states:DescribeStateMachineForExecution"));

        OperatorCli.Outcome outcome = history();

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.err()).isEqualTo("domain-sync history: not permitted to read the execution's state machine"
                + " (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/auditor is not authorized"
                + " to perform: states:DescribeStateMachineForExecution); the report draws the definition bundled in"
                + " this jar" + NL);
        assertThat(reportDir.resolve("report.html")).isNotEmptyFile();
        assertThat(written("history.json")).isEqualTo(reparsed(smallHistory()));
    }

    @Test
    void executionDoesNotExist_exit1WithTheAwsMessageAndNoFiles() {
        stepFunctions.on("GetExecutionHistory", request -> Reply.error("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + EXECUTION + "'"));

        OperatorCli.Outcome outcome = history();

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("domain-sync history: ExecutionDoesNotExist: Execution Does Not Exist: '"
                + EXECUTION + "'" + NL);
        assertThat(outcome.out()).isEmpty();
        assertThat(reportDir.resolve("history.json")).doesNotExist();
        assertThat(stepFunctions.calls("DescribeStateMachineForExecution")).isEmpty();
    }

    @Test
    void stateMachineArnInsteadOfAnExecution_exit2WithoutCallingAws() {
        OperatorCli.Outcome outcome = cli.run("history", "--execution-arn",
                "arn:aws:states:us-east-1:123456789012:stateMachine:SyncDomains", "--report", reportDir.toString(),
                "--endpoint-url", stepFunctions.uri().toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--execution-arn: expected an ARN like"
                + " arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME");
        assertThat(cli.clientRegions).isEmpty();
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void reportIsAnExistingFile_exit2WithoutCallingAws() throws IOException {
        Path file = Files.writeString(reportDir.resolve("notes.txt"), "kept");

        OperatorCli.Outcome outcome = cli.run("history", "--execution-arn", EXECUTION, "--report", file.toString(),
                "--endpoint-url", stepFunctions.uri().toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--report " + file + " is a file; give a folder");
        assertThat(stepFunctions.calls()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    void missingReportOption_exit2() {
        OperatorCli.Outcome outcome = cli.run("history", "--execution-arn", EXECUTION);

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required option: '--report=DIR'");
        assertThat(cli.clientRegions).isEmpty();
    }

    @Test
    void localRunsHistory_comesBackThroughGetExecutionHistoryUnchanged() throws IOException {
        JsonNode local = reparsed(LocalRunFixture.history());
        // Fewer per page than asked for, as the API may return, so that the demo's run spans several pages.
        HistoryPages pages = new HistoryPages(local, 50);
        stepFunctions.on("GetExecutionHistory", pages).on("DescribeStateMachineForExecution", request -> definition());

        OperatorCli.Outcome outcome = history();

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(pages.tokensIssued).hasSizeGreaterThanOrEqualTo(2);
        assertThat(stepFunctions.calls("GetExecutionHistory")).hasSize(pages.tokensIssued.size() + 1);
        JsonNode written = written("history.json");
        assertThat(written.path("events").size()).isEqualTo(local.path("events").size());
        for (int i = 0; i < local.path("events").size(); i++) {
            assertThat(written.path("events").get(i)).as("event #%d", i + 1).isEqualTo(local.path("events").get(i));
        }
        assertThat(written).isEqualTo(local);
    }

    private OperatorCli.Outcome history() {
        return cli.run("history", "--execution-arn", EXECUTION, "--report", reportDir.toString(),
                "--endpoint-url", stepFunctions.uri().toString());
    }

    private JsonNode written(String file) throws IOException {
        return Json.mapper().readTree(reportDir.resolve(file).toFile());
    }

    private static JsonNode reparsed(JsonNode node) throws IOException {
        return Json.mapper().readTree(node.toString());
    }

    private static Reply definition() {
        return Reply.ok(Json.mapper().createObjectNode()
                .put("stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:SyncDomains")
                .put("name", "SyncDomains")
                .put("definition", LocalWorkflow.definitionJson())
                .put("roleArn", "arn:aws:iam::123456789012:role/SyncDomains-role")
                .put("updateDate", 1772000000.0));
    }

    /** A short successful execution with the detail types a report reads, timestamps with and without millis. */
    static ObjectNode smallHistory() {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode events = root.putArray("events");
        String start = "{\"Comment\":\"manual\"}";
        String run = "{\"runId\":7,\"since\":\"2026-02-28T06:00:00Z\"}";
        event(events, 1, 0, "2026-03-02T06:00:00+00:00", "ExecutionStarted", "executionStartedEventDetails")
                .put("input", start).put("roleArn", "arn:aws:iam::123456789012:role/SyncDomains-role")
                .putObject("inputDetails").put("truncated", false);
        event(events, 2, 1, "2026-03-02T06:00:00.013000+00:00", "TaskStateEntered", "stateEnteredEventDetails")
                .put("name", "StartRun").put("input", start).putObject("inputDetails").put("truncated", false);
        ObjectNode scheduled = event(events, 3, 2, "2026-03-02T06:00:00.013000+00:00", "LambdaFunctionScheduled",
                "lambdaFunctionScheduledEventDetails")
                .put("resource", "arn:aws:lambda:us-east-1:123456789012:function:StartRunFunction")
                .put("input", start).put("timeoutInSeconds", 60);
        scheduled.putObject("inputDetails").put("truncated", false);
        event(events, 4, 3, "2026-03-02T06:00:00.020000+00:00", "LambdaFunctionStarted", null);
        event(events, 5, 4, "2026-03-02T06:00:00.381000+00:00", "LambdaFunctionSucceeded",
                "lambdaFunctionSucceededEventDetails").put("output", run)
                .putObject("outputDetails").put("truncated", false);
        ObjectNode exited = event(events, 6, 5, "2026-03-02T06:00:00.381000+00:00", "TaskStateExited",
                "stateExitedEventDetails").put("name", "StartRun").put("output", run);
        exited.putObject("outputDetails").put("truncated", false);
        exited.putObject("assignedVariables").put("run", run);
        exited.putObject("assignedVariablesDetails").put("truncated", false);
        event(events, 7, 6, "2026-03-02T06:00:01+00:00", "SucceedStateEntered", "stateEnteredEventDetails")
                .put("name", "Done").put("input", run).putObject("inputDetails").put("truncated", false);
        event(events, 8, 7, "2026-03-02T06:00:01+00:00", "SucceedStateExited", "stateExitedEventDetails")
                .put("name", "Done").put("output", run).putObject("outputDetails").put("truncated", false);
        event(events, 9, 8, "2026-03-02T06:00:01+00:00", "ExecutionSucceeded", "executionSucceededEventDetails")
                .put("output", run).putObject("outputDetails").put("truncated", false);
        return root;
    }

    private static ObjectNode event(ArrayNode events, int id, int previous, String timestamp, String type,
                                    String detailsField) {
        ObjectNode event = events.addObject().put("timestamp", timestamp).put("type", type).put("id", id)
                .put("previousEventId", previous);
        return detailsField == null ? event : event.putObject(detailsField);
    }
}
