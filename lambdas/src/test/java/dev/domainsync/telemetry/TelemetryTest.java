package dev.domainsync.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class TelemetryTest {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryTest.class);
    private static final String EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:domain-sync:run-1";
    private static final StepContext WRITE_ROWS = new StepContext(EXECUTION, 7L, "WriteRows", 0);

    private final EmfCapture emf = new EmfCapture();

    @Test
    void lambdaFunctionEnvironment_choosesLambdaTelemetry() {
        assertThat(Telemetry.forEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "StartRunFunction")).isOnLambda())
                .isTrue();
    }

    @Test
    void anyOtherEnvironment_choosesLocalTelemetry() {
        assertThat(Telemetry.forEnvironment(Map.of("AWS_REGION", "eu-west-1", "HOME", "/root")).isOnLambda())
                .isFalse();
        assertThat(Telemetry.ofProcess().isOnLambda()).isFalse();
    }

    @Test
    void lambdaLogLines_carryTheRequestExecutionRunAndState() {
        try (LogCapture logs = new LogCapture()) {
            try (Telemetry.Invocation ignored = emf.telemetry().open(FunctionContext.of("req-1", "WriteRowsFunction"),
                    WRITE_ROWS)) {
                LOG.info("Run {} staged a page", 7);
            }
            LOG.info("between invocations");

            List<JsonNode> lines = logs.lines();
            assertThat(lines).hasSize(2);
            JsonNode step = lines.get(0);
            assertThat(step.path("message").asText()).isEqualTo("Run 7 staged a page");
            assertThat(step.path("level").asText()).isEqualTo("INFO");
            assertThat(step.path("function_request_id").asText()).isEqualTo("req-1");
            assertThat(step.path("function_name").asText()).isEqualTo("WriteRowsFunction");
            assertThat(step.path("execution_id").asText()).isEqualTo(EXECUTION);
            assertThat(step.path("run_id").asText()).isEqualTo("7");
            assertThat(step.path("state").asText()).isEqualTo("WriteRows");
            JsonNode after = lines.get(1);
            assertThat(List.of("function_request_id", "execution_id", "run_id", "state"))
                    .allSatisfy(field -> assertThat(after.path(field).isNull() || after.path(field).isMissingNode())
                            .as(field).isTrue());
        }
    }

    @Test
    void lambdaInvocation_flushesItsCountsAsOneEmfDocument() {
        try (Telemetry.Invocation invocation = emf.telemetry().open(null, WRITE_ROWS)) {
            invocation.dimension("Outcome", "REPLACED");
            invocation.count("StackEvents", 1);
            invocation.count("MappingChanges", 2);
            invocation.count("MappingChanges", 3);
        }

        assertThat(emf.documents()).hasSize(1);
        JsonNode document = emf.documents().get(0);
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo(Telemetry.NAMESPACE);
        assertThat(directive.path("Dimensions").get(0)).extracting(JsonNode::toString).asString().contains("Outcome");
        assertThat(document.path("Outcome").asText()).isEqualTo("REPLACED");
        assertThat(document.path("StackEvents").asDouble()).isEqualTo(1);
        assertThat(document.path("MappingChanges").asDouble()).isEqualTo(5);
    }

    @Test
    void invocationThatCountsNothing_flushesNoDocument() {
        try (Telemetry.Invocation ignored = emf.telemetry().open(null, WRITE_ROWS)) {
            LOG.debug("nothing to count");
        }

        assertThat(emf.documents()).isEmpty();
    }

    @Test
    void retriedInvocation_countsOneRetryOfItsState() {
        try (Telemetry.Invocation ignored = emf.telemetry().open(null,
                new StepContext(EXECUTION, 7L, "PruneDeleted", 2))) {
            LOG.debug("second retry");
        }

        assertThat(emf.documents()).singleElement().satisfies(document -> {
            assertThat(document.path(Telemetry.RETRIES).asDouble()).isEqualTo(1);
            assertThat(document.path(Telemetry.STATE_DIMENSION).asText()).isEqualTo("PruneDeleted");
        });
    }

    @Test
    void rehearsedInvocation_buildsItsDocumentAndARetryMetricButPublishesNeither() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        List<JsonNode> lines;
        try (LogCapture logs = new LogCapture()) {
            try (Telemetry.Invocation invocation = emf.telemetry().rehearse(null, WRITE_ROWS)) {
                invocation.dimension("Outcome", "REPLACED");
                invocation.count("StackEvents", 1);
            }
            lines = logs.lines();
        } finally {
            System.setOut(stdout);
        }

        assertThat(emf.documents()).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("_aws").doesNotContain("StackEvents");
        assertThat(lines).extracting(line -> line.path("message").asText())
                .filteredOn(message -> message.startsWith("Rehearsal built 1 EMF document(s)"))
                .hasSize(2)
                .allSatisfy(message -> assertThat(message).endsWith("and published none"));
    }

    @Test
    void localInvocation_printsNoMetricsAndLeavesNoLogFields() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (Telemetry.Invocation invocation = Telemetry.local().open(null,
                new StepContext(EXECUTION, 7L, "PruneDeleted", 1))) {
            invocation.count("MappingsInserted", 12);
            assertThat(MDC.get("run_id")).isEqualTo("7");
        } finally {
            System.setOut(stdout);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("MappingsInserted").doesNotContain("_aws");
        assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
}
