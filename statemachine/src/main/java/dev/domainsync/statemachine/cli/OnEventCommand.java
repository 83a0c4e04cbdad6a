package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.config.Config;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.cli.LocalExecutions.LocalExecution;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import dev.domainsync.steps.StackStatusEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code domain-sync on-event}: the event path on a laptop, one sync-stack execution per CloudFormation stack status
 * change, in this process, against the given database and stacks.
 */
@Command(name = "on-event", sortOptions = false,
        description = "Runs the sync-stack state machine in-process for each CloudFormation \"Stack Status Change\""
                + " event given (one event, or a JSON array of them), in order.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every execution succeeded", "1:an execution failed (error and cause on stderr)",
            "2:invalid options, events or snapshot"})
public final class OnEventCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--event", paramLabel = "FILE", required = true,
            description = "The EventBridge event as CloudFormation sends it, or a JSON array of events; - reads stdin.")
    private String eventFile;

    @Mixin
    private LocalRunOptions local;

    @Override
    public Integer call() {
        Config config = local.config();
        Path reportDir = local.reportDir();
        List<JsonNode> events = events();
        StackSnapshot snapshot = local.snapshot();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = local.progress(err);
        // With --output json the lines for people go nowhere and stdout gets one document at the end.
        PrintWriter lines = local.json() ? new PrintWriter(Writer.nullWriter()) : out;
        RunPrinter printer = new RunPrinter(lines, err);
        ArrayNode executions = Json.mapper().createArrayNode();
        try (LocalEnvironment environment = local.environment(config, snapshot, progress)) {
            LocalExecutions executor = new LocalExecutions(environment, config, progress);
            boolean succeeded = true;
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                LocalExecution execution = executor.syncStack(event, Instant.now());
                printer.appliedStack(title(event, i, events.size()), execution.result());
                ObjectNode document = executions.addObject();
                document.put("event", event.path("id").asText());
                document.setAll(JsonOutput.execution(execution.result(), "applied"));
                if (reportDir != null) {
                    Path dir = events.size() == 1 ? reportDir : reportDir.resolve("event-" + (i + 1));
                    execution.writeReport(dir);
                    lines.println(Reports.writtenLine(dir));
                    document.put("reportDir", dir.toAbsolutePath().toString());
                }
                succeeded &= execution.succeeded();
            }
            if (local.json()) {
                JsonOutput.print(out, Json.mapper().createObjectNode().set("executions", executions));
            }
            out.flush();
            return succeeded ? RunCommand.EXIT_SUCCEEDED : RunCommand.EXIT_FAILED;
        }
    }

    static String title(JsonNode event, int index, int count) {
        JsonNode detail = event.path("detail");
        return "event " + (index + 1) + " of " + count + ": " + detail.path("status-details").path("status").asText()
                + " " + detail.path("stack-id").asText() + " at " + event.path("time").asText();
    }

    /** The events of {@code --event}, each checked to be a stack status change before anything runs. */
    private List<JsonNode> events() {
        JsonNode root;
        try (InputStream in = eventFile.equals("-") ? System.in : Files.newInputStream(Path.of(eventFile))) {
            root = Json.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--event " + eventFile + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read --event " + eventFile + ": " + e.getMessage());
        }
        List<JsonNode> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(events::add);
        } else if (root != null && root.isObject()) {
            events.add(root);
        }
        if (events.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--event " + eventFile
                    + " holds no event: give one event object or a non-empty JSON array of them");
        }
        for (int i = 0; i < events.size(); i++) {
            try {
                Json.mapper().treeToValue(events.get(i), StackStatusEvent.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                String where = events.size() == 1 ? "" : " event " + (i + 1) + " of " + events.size() + ":";
                throw new ParameterException(spec.commandLine(), "--event " + eventFile + ":" + where + " "
                        + cause.getMessage());
            }
        }
        return events;
    }
}
