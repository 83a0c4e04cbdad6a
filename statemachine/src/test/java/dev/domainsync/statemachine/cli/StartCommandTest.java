package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.cli.FakeStepFunctions.Reply;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.Region;

class StartCommandTest {

    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:SyncDomains";
    static final String EXECUTIONS = "arn:aws:states:us-east-1:123456789012:execution:SyncDomains:";
    static final String NL = System.lineSeparator();

    private final FakeStepFunctions stepFunctions = FakeStepFunctions.start();
    private final OperatorCli cli = new OperatorCli();

    @BeforeEach
    void startExecutionAnswers() {
        stepFunctions.on("StartExecution", request -> Reply.ok(Json.mapper().createObjectNode()
                .put("executionArn", executionArn(request.path("stateMachineArn").asText(), request.path("name").asText()))
                .put("startDate", 1772431200.123)));
    }

    @AfterEach
    void stop() {
        stepFunctions.close();
    }

    static Stream<Arguments> inputShapes() {
        return Stream.of(
                Arguments.of(List.of(), "{}"),
                Arguments.of(List.of("--backfill"), "{\"mode\":\"backfill\"}"),
                Arguments.of(List.of("--since", "2026-02-28T06:00:00Z"), "{\"since\":\"2026-02-28T06:00:00Z\"}"),
                Arguments.of(List.of("--since", "2026-02-28T07:00:00+01:00"), "{\"since\":\"2026-02-28T07:00:00+01:00\"}"),
                Arguments.of(List.of("--dry-run"), "{\"dryRun\":true}"),
                Arguments.of(List.of("--backfill", "--dry-run", "--force", "--comment", "after the DNS migration"),
                        "{\"mode\":\"backfill\",\"dryRun\":true,\"force\":true,\"Comment\":\"after the DNS migration\"}"),
                Arguments.of(List.of("--comment", "quoted \"text\""), "{\"Comment\":\"quoted \\\"text\\\"\"}"));
    }

    @ParameterizedTest
    @MethodSource("inputShapes")
    void options_sendExactlyTheExecutionInputTheWorkflowAccepts(List<String> options, String expectedInput) {
        OperatorCli.Outcome outcome = start(options.toArray(String[]::new));

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        List<FakeStepFunctions.Call> calls = stepFunctions.calls("StartExecution");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body().path("input").asText()).isEqualTo(expectedInput);
        assertThat(calls.get(0).body().path("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
    }

    @Test
    void start_printsTheExecutionArnAndItsConsoleLink() {
        OperatorCli.Outcome outcome = start();

        String name = stepFunctions.calls("StartExecution").get(0).body().path("name").asText();
        assertThat(name).matches("manual-20260302T060000Z-[0-9a-f]{8}");
        String arn = EXECUTIONS + name;
        assertThat(outcome.out()).isEqualTo("execution  " + arn + NL
                + "console    https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1"
                + "#/v2/executions/details/" + arn + NL);
        assertThat(outcome.err()).isEmpty();
        assertThat(cli.clientRegions).containsExactly(Region.US_EAST_1);
        assertThat(stepFunctions.calls()).extracting(FakeStepFunctions.Call::operation).containsExactly("StartExecution");
    }

    @Test
    void name_isSentAsGiven() {
        OperatorCli.Outcome outcome = start("--name", "rerun-after-incident_42");

        assertThat(outcome.exitCode()).isZero();
        assertThat(stepFunctions.calls("StartExecution").get(0).body().path("name").asText())
                .isEqualTo("rerun-after-incident_42");
        assertThat(outcome.out()).startsWith("execution  " + EXECUTIONS + "rerun-after-incident_42" + NL);
    }

    @Test
    void regionInTheArn_isTheClientsRegionAndTheConsoles() {
        String arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:SyncDomains";

        OperatorCli.Outcome outcome = cli.run("start", "--state-machine-arn", arn,
                "--endpoint-url", stepFunctions.uri().toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(cli.clientRegions).containsExactly(Region.EU_WEST_1);
        assertThat(outcome.out()).contains("https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#");
    }

    @Test
    void regionOption_overridesTheArnsRegion() {
        OperatorCli.Outcome outcome = start("--region", "us-west-2");

        assertThat(outcome.exitCode()).isZero();
        assertThat(cli.clientRegions).containsExactly(Region.US_WEST_2);
    }

    @Test
    void invalidStateMachineArn_exit2WithoutCallingAws() {
        OperatorCli.Outcome outcome = cli.run("start", "--state-machine-arn",
                EXECUTIONS + "manual-1", "--endpoint-url", stepFunctions.uri().toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--state-machine-arn: expected an ARN like"
                + " arn:aws:states:REGION:ACCOUNT:stateMachine:NAME, got '" + EXECUTIONS + "manual-1'");
        assertThat(outcome.out()).isEmpty();
        assertThat(cli.clientRegions).isEmpty();
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void badSince_exit2WithTheInputErrorWithoutCallingAws() {
        OperatorCli.Outcome outcome = start("--since", "yesterday");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("execution input: 'since' is not an ISO-8601 timestamp with an offset"
                + " (such as \"2026-01-31T00:00:00Z\"): yesterday");
        assertThat(cli.clientRegions).isEmpty();
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void sinceWithoutOffset_exit2() {
        OperatorCli.Outcome outcome = start("--since", "2026-02-28T06:00:00");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void sinceAfterNow_exit2NamingBothTimesWithoutCallingAws() {
        OperatorCli.Outcome outcome = start("--since", OperatorCli.NOW.plusSeconds(1).toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--since (2026-03-02T06:00:01Z) is after the run's start time"
                + " (2026-03-02T06:00:00Z, now); nothing can have changed since a time that has not come");
        assertThat(cli.clientRegions).isEmpty();
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void sinceExactlyNow_isSent() {
        OperatorCli.Outcome outcome = start("--since", OperatorCli.NOW.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(stepFunctions.calls("StartExecution").get(0).body().path("input").asText())
                .isEqualTo("{\"since\":\"2026-03-02T06:00:00Z\"}");
    }

    @Test
    void sinceAndBackfill_exit2AsMutuallyExclusive() {
        OperatorCli.Outcome outcome = start("--backfill", "--since", "2026-02-28T06:00:00Z");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("mutually exclusive");
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void invalidName_exit2WithoutCallingAws() {
        OperatorCli.Outcome outcome = start("--name", "nightly run");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--name must be 1-80 characters");
        assertThat(stepFunctions.calls()).isEmpty();
    }

    @Test
    void stateMachineDoesNotExist_exit1WithTheAwsMessage() {
        stepFunctions.on("StartExecution", request -> Reply.error("StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + STATE_MACHINE + "'"));

        OperatorCli.Outcome outcome = start();

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("domain-sync start: StateMachineDoesNotExist: State Machine Does Not"
                + " Exist: '" + STATE_MACHINE + "'" + NL);
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void wait_pollsWithGrowingDelaysUntilSucceeded() {
        Deque<String> statuses = new ArrayDeque<>(List.of("RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"));
        stepFunctions.on("DescribeExecution", request -> Reply.ok(execution(request, statuses.pop())));

        OperatorCli.Outcome outcome = start("--wait");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        String arn = stepFunctions.calls("StartExecution").stream().findFirst().map(call -> EXECUTIONS
                + call.body().path("name").asText()).orElseThrow();
        assertThat(stepFunctions.calls("DescribeExecution")).hasSize(4)
                .allSatisfy(call -> assertThat(call.body().path("executionArn").asText()).isEqualTo(arn));
        assertThat(cli.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(outcome.out()).endsWith("status     SUCCEEDED" + NL);
    }

    @Test
    void wait_backoffStopsGrowingAtThirtySeconds() {
        Deque<String> statuses = new ArrayDeque<>(List.of("RUNNING", "RUNNING", "RUNNING", "RUNNING", "RUNNING",
                "RUNNING", "RUNNING", "SUCCEEDED"));
        stepFunctions.on("DescribeExecution", request -> Reply.ok(execution(request, statuses.pop())));

        OperatorCli.Outcome outcome = start("--wait");

        assertThat(outcome.exitCode()).isZero();
        assertThat(cli.sleeps).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void wait_failedExecution_exit1WithErrorAndCauseOnStderr() {
        Deque<String> statuses = new ArrayDeque<>(List.of("RUNNING", "FAILED"));
        stepFunctions.on("DescribeExecution", request -> Reply.ok(execution(request, statuses.pop())
                .put("error", "dev.domainsync.registry.PruneGuardException")
                .put("cause", "{\"errorMessage\":\"pruning would delete 40 of 100 rows (guard 25%)\","
                        + "\"errorType\":\"dev.domainsync.registry.PruneGuardException\"}")));

        OperatorCli.Outcome outcome = start("--wait");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).endsWith("status     FAILED" + NL);
        assertThat(outcome.err()).contains("error: dev.domainsync.registry.PruneGuardException" + NL
                + "cause: pruning would delete 40 of 100 rows (guard 25%)" + NL);
    }

    @Test
    void wait_timedOutExecution_exit1() {
        stepFunctions.on("DescribeExecution", request -> Reply.ok(execution(request, "TIMED_OUT")));

        OperatorCli.Outcome outcome = start("--wait");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).endsWith("status     TIMED_OUT" + NL);
        assertThat(outcome.err()).contains("error: (none)");
        assertThat(cli.sleeps).isEmpty();
    }

    private OperatorCli.Outcome start(String... options) {
        String[] args = Stream.concat(Stream.of("start", "--state-machine-arn", STATE_MACHINE,
                "--endpoint-url", stepFunctions.uri().toString()), Stream.of(options)).toArray(String[]::new);
        return cli.run(args);
    }

    private static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    private static ObjectNode execution(JsonNode request, String status) {
        String arn = request.path("executionArn").asText();
        ObjectNode execution = Json.mapper().createObjectNode()
                .put("executionArn", arn)
                .put("stateMachineArn", STATE_MACHINE)
                .put("name", arn.substring(arn.lastIndexOf(':') + 1))
                .put("status", status)
                .put("startDate", 1772431200.123)
                .put("input", "{}");
        if (!status.equals("RUNNING")) {
            execution.put("stopDate", 1772431260.5);
        }
        return execution;
    }
}
