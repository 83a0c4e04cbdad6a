package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.TestStacks.snapshot;
import static dev.domainsync.statemachine.workflow.WorkflowHarness.statesEntered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.cloudformation.StackPage;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.registry.DatabaseProxy;
import dev.domainsync.registry.DatabaseUnavailableException;
import dev.domainsync.registry.RunInProgressException;
import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.registry.TestDatabases;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.statemachine.executor.ErrorNames;
import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.RetryWait;
import dev.domainsync.statemachine.oracle.ExpectedMappings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ways a run fails, each ending with the table as it was and the run lease free again, or soon free. */
class FailureScenariosTest {

    private static final Instant T0 = Instant.parse("2026-11-20T06:00:00Z");
    private static final Instant FIRST = T0.plus(Duration.ofDays(2));
    private static final Instant SECOND = FIRST.plus(Duration.ofDays(2));
    private static final JsonNode BEFORE = snapshot()
            .live("a", T0, "a.example.com", "g-a")
            .live("b", T0, "b.example.com", "g-b")
            .json();
    /** An update, a deletion and a new stack since the first run. */
    private static final JsonNode AFTER = snapshot()
            .updated("a", T0, FIRST.plusSeconds(60), "a.example.com", "g-a2")
            .deleted("b", 1, T0, FIRST.plusSeconds(60), "b.example.com", "g-b")
            .live("c", FIRST.plusSeconds(60), "c.example.com", "g-c")
            .json();
    private static final String DATABASE_UNAVAILABLE = DatabaseUnavailableException.class.getName();

    private final WorkflowHarness harness = new WorkflowHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void bugInAStep_failsTheRunAtOnce_andChangesNothing() {
        List<Mapping> before = seed();
        FlakyStep writeRows = FlakyStep.broken(() -> new IllegalStateException("bug in WriteRows (injected)"));
        harness.wrap("WriteRows", writeRows);

        ExecutionResult result = harness.serve(AFTER).run("{}", SECOND);

        assertFailed(result, IllegalStateException.class.getName());
        assertThat(writeRows.invocations()).as("a bug is not retried").isEqualTo(1);
        assertThat(result.retries()).isEmpty();
        assertThat(statesEntered(result)).endsWith("WriteRows", "FailRun", "Failed");
        assertThat(harness.mappings()).isEqualTo(before);
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED");
        assertThat(harness.leaseHolder()).isEmpty();
    }

    @Test
    void databaseDownForGood_failsTheRunAfterItsRetries_andReleasesTheLease() {
        List<Mapping> before = seed();
        harness.wrap("WriteRows", FlakyStep.broken(() -> new DatabaseUnavailableException("database down (injected)",
                null)));

        ExecutionResult result = harness.serve(AFTER).run("{}", SECOND);

        assertFailed(result, DATABASE_UNAVAILABLE);
        assertThat(result.retries()).extracting(RetryWait::stateName, RetryWait::error).hasSize(5)
                .containsOnly(tuple("WriteRows", DATABASE_UNAVAILABLE));
        assertThat(statesEntered(result)).endsWith("WriteRows", "FailRun", "Failed");
        assertThat(harness.mappings()).isEqualTo(before);
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED");

        harness.wrap("WriteRows", UnaryOperator.identity());
        ExecutionResult next = harness.run("{}", SECOND.plusSeconds(60));

        assertThat(next.succeeded()).as("the lease is free at once: %s", next.cause()).isTrue();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(AFTER));
    }

    @Test
    void secondExecutionWhileALeaseIsHeld_isRefusedAndChangesNothing_untilTheLeaseExpires() {
        List<Mapping> before = seed();
        harness.registry.startRun("other-execution", SECOND.minusSeconds(60), ExecutionInput.scheduled());

        ExecutionResult refused = harness.serve(AFTER).run("{}", SECOND);

        assertFailed(refused, RunInProgressException.class.getName());
        assertThat(refused.cause().orElseThrow()).contains("execution other-execution (run 2) holds the run lease");
        assertThat(statesEntered(refused)).containsExactly("StartRun", "FailRun", "Failed");
        assertThat(harness.mappings()).isEqualTo(before);
        assertThat(harness.runStatuses()).as("the holder's run goes on; the refused execution is recorded")
                .containsExactly("SUCCEEDED", "RUNNING", "FAILED");
        assertThat(harness.leaseHolder()).contains("other-execution");

        harness.leaseClock.advance(WorkflowHarness.LEASE.plusMinutes(1));
        ExecutionResult takeover = harness.run("{}", SECOND.plusSeconds(60));

        assertThat(takeover.succeeded()).as("%s: %s", takeover.error(), takeover.cause()).isTrue();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(AFTER));
        assertThat(harness.leaseHolder()).isEmpty();
    }

    static Stream<Arguments> malformedInputs() {
        return Stream.of(
                Arguments.of("{\"sincee\": \"2026-11-01T00:00:00Z\"}", "unknown field 'sincee'"),
                Arguments.of("{\"since\": \"yesterday\"}", "'since' is not an ISO-8601 timestamp"),
                Arguments.of("{\"since\": \"2026-12-31T00:00:00Z\"}", "'since' (2026-12-31T00:00:00Z) is after"),
                Arguments.of("{\"since\": \"2026-11-01T00:00:00Z\", \"mode\": \"backfill\"}",
                        "either 'since' or 'mode'"),
                Arguments.of("{\"mode\": \"incremental\"}", "'mode' may only be"),
                Arguments.of("{\"dryRun\": \"yes\"}", "'dryRun' must be true or false"),
                Arguments.of("[{\"dryRun\": true}, {\"force\": true}]", "must be a JSON object"),
                // JSONata treats a one-item array as its item in places; StartRun must still see the array.
                Arguments.of("[{\"dryRun\": true}]", "must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("malformedInputs")
    void malformedInput_failsTheRunNamingTheField_andChangesNothing(String input, String message) {
        ExecutionResult result = harness.serve(AFTER).run(input, SECOND);

        assertFailed(result, InvalidInputException.class.getName());
        assertThat(result.cause().orElseThrow()).contains(message);
        assertThat(statesEntered(result)).containsExactly("StartRun", "FailRun", "Failed");
        assertThat(harness.mappings()).isEmpty();
        assertThat(harness.runStatuses()).containsExactly("FAILED");
        assertThat(harness.leaseHolder()).isEmpty();
    }

    @Test
    void consoleDefaultInput_isAccepted() {
        ExecutionResult result = harness.serve(AFTER)
                .run("{\"Comment\": \"Insert your JSON here\"}", SECOND);

        assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(AFTER));
    }

    @Test
    void databaseDropsDuringWriteRows_theTransactionRollsBack_andTheRetrySucceeds() {
        TestDatabase db = TestDatabases.migrated();
        try (DatabaseProxy proxy = db.proxy(); WorkflowHarness proxied = new WorkflowHarness(db, proxy.database())) {
            // The last statement WriteRows sends: the page's other rows are already written in that transaction.
            proxy.dropWhenStatementContains("INSERT INTO run_claims");

            ExecutionResult result = proxied.serve(AFTER).run("{}", SECOND);

            assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
            assertThat(proxy.statementsDropped()).isEqualTo(1);
            assertThat(result.retries()).extracting(RetryWait::stateName, RetryWait::error, RetryWait::attempt)
                    .containsExactly(tuple("WriteRows", DATABASE_UNAVAILABLE, 1));
            assertThat(proxied.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(AFTER));
            assertThat(SyncWorkflowTest.report(result).get("stacksListed").asInt()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("A step's result over 256 KiB is LambdaFunctionFailed with States.DataLimitExceeded, which the "
            + "States.ALL catcher takes to FailRun, so the lease is released (as recorded on AWS: LocalStack "
            + "test_states_errors.snapshot.json, test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response)")
    void resultOverTheQuota_isCaught_failsTheRun_andReleasesTheLease() {
        List<Mapping> before = seed();
        harness.wrap("ListStacks", oversizedOnce(300 * 1024));

        ExecutionResult result = harness.serve(AFTER).run("{}", SECOND);

        assertFailed(result, ErrorNames.DATA_LIMIT_EXCEEDED);
        assertThat(result.cause().orElseThrow()).contains("returned a result with a size exceeding the maximum number "
                + "of bytes service limit");
        assertThat(statesEntered(result)).endsWith("StartRun", "ListStacks", "FailRun", "Failed");
        assertThat(result.retries()).isEmpty();
        assertThat(harness.mappings()).isEqualTo(before);
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED");
        assertThat(harness.leaseHolder()).isEmpty();

        ExecutionResult next = harness.run("{}", SECOND.plusSeconds(60));

        assertThat(next.succeeded()).as("the lease is free at once: %s", next.cause()).isTrue();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(AFTER));
        assertThat(harness.runStatuses()).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    }

    /** ListStacks answers one page of {@code bytes} (a huge next token) once, then behaves. */
    private static UnaryOperator<RequestStreamHandler> oversizedOnce(int bytes) {
        AtomicBoolean sent = new AtomicBoolean();
        return real -> (input, output, context) -> {
            if (sent.compareAndSet(false, true)) {
                Json.mapper().writeValue(output, new StackPage(List.of(), "x".repeat(bytes)));
            } else {
                real.handleRequest(input, output, context);
            }
        };
    }

    private List<Mapping> seed() {
        ExecutionResult first = harness.serve(BEFORE).run("{}", FIRST);
        assertThat(first.succeeded()).as("%s: %s", first.error(), first.cause()).isTrue();
        assertThat(harness.mappings()).containsExactlyElementsOf(ExpectedMappings.backfillTable(BEFORE));
        return harness.mappings();
    }

    private static void assertFailed(ExecutionResult result, String error) {
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).as("%s", result.cause()).contains(error);
        assertThat(statesEntered(result)).endsWith("FailRun", "Failed");
    }
}
