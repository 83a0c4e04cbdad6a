package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.LocalWorkflow;
import dev.domainsync.statemachine.report.AuditReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code domain-sync history}: keeps an execution's audit trail past Step Functions' 90-day retention, as
 * {@code history.json} (what {@code aws stepfunctions get-execution-history} prints) and {@code report.html}.
 */
@Command(name = "history", sortOptions = false,
        description = "Reads an execution's whole history from Step Functions and writes history.json and"
                + " report.html.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "1:Step Functions refused, or the files could not be written",
            "2:invalid options"})
public final class HistoryCommand implements Callable<Integer> {

    /** The most GetExecutionHistory returns per page. */
    static final int PAGE_SIZE = 1000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--execution-arn", paramLabel = "ARN", required = true,
            description = "arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME")
    private String executionArn;

    @Option(names = "--report", paramLabel = "DIR", required = true,
            description = "Where history.json and report.html go.")
    private Path reportDir;

    @Mixin
    private StepFunctionsOptions aws;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    private boolean help;

    private final StepFunctionsClients clients;

    public HistoryCommand() {
        this(StepFunctionsClients.defaultChain());
    }

    HistoryCommand(StepFunctionsClients clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() {
        StepFunctionsArn arn = executionArn();
        LocalRunOptions.refuseFile(spec, reportDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SfnClient client = clients.create(aws.region(arn), aws.endpoint(spec))) {
            List<HistoryEvent> events = new ArrayList<>();
            int pages = 0;
            for (GetExecutionHistoryResponse page : client.getExecutionHistoryPaginator(request -> request
                    .executionArn(arn.value())
                    .maxResults(PAGE_SIZE)
                    .includeExecutionData(true))) {
                pages++;
                events.addAll(page.events());
            }
            ObjectNode history = ExecutionHistoryJson.of(events);
            AuditReport report = AuditReport.fromHistory(history, definition(client, arn, err));
            report.writeTo(reportDir);
            out.printf("%s %s, %,d events, %,d pages read; written %s and %s%n", arn.value(), report.trail().status(),
                    events.size(), pages, reportDir.resolve("history.json"), reportDir.resolve("report.html"));
            return RunCommand.EXIT_SUCCEEDED;
        } catch (SdkException e) {
            err.println("domain-sync history: " + StepFunctionsClients.describe(e));
            return RunCommand.EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            err.println("domain-sync history: cannot read the execution: " + e.getMessage());
            return RunCommand.EXIT_FAILED;
        } catch (IOException e) {
            err.println("domain-sync history: cannot write to " + reportDir + ": " + e.getMessage());
            return RunCommand.EXIT_FAILED;
        }
    }

    private StepFunctionsArn executionArn() {
        try {
            return StepFunctionsArn.execution(executionArn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--execution-arn: " + e.getMessage());
        }
    }

    /**
     * The definition the execution ran, which may differ from today's; an operator allowed to read histories
     * but not definitions still gets a report, drawn with the definition this jar ships.
     */
    private static JsonNode definition(SfnClient client, StepFunctionsArn arn, PrintWriter err) throws IOException {
        String definition;
        try {
            definition = client.describeStateMachineForExecution(request -> request.executionArn(arn.value()))
                    .definition();
        } catch (AwsServiceException e) {
            if (!isAccessDenied(e)) {
                throw e;
            }
            err.println("domain-sync history: not permitted to read the execution's state machine ("
                    + StepFunctionsClients.describe(e) + "); the report draws the definition bundled in this jar");
            definition = LocalWorkflow.definitionJson();
        }
        try {
            return Json.mapper().readTree(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the state machine definition is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isAccessDenied(AwsServiceException e) {
        return e.statusCode() == 403 || e.awsErrorDetails() != null
                && "AccessDeniedException".equals(e.awsErrorDetails().errorCode());
    }
}
