package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.compare.Comparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visual audit trail of one execution: built from its {@code GetExecutionHistory} events and the state
 * machine definition alone, so that it works the same for a local run and for a real AWS execution
 * ({@code aws stepfunctions get-execution-history --execution-arn ... > history.json}).
 */
public final class AuditReport {

    private static final Logger LOG = LoggerFactory.getLogger(AuditReport.class);

    private final JsonNode events;
    private final ExecutionTrail trail;
    private final RunDigest digest;
    private final WorkflowDefinition definition;
    private final Optional<Comparison> comparison;

    private AuditReport(JsonNode events, ExecutionTrail trail, WorkflowDefinition definition,
            Optional<Comparison> comparison) {
        this.events = events;
        this.trail = trail;
        this.digest = RunDigest.of(trail);
        this.definition = definition;
        this.comparison = comparison;
    }

    /** Reads {@code {"events": [...]}} and an ASL definition; throws IllegalArgumentException if either is malformed. */
    public static AuditReport fromHistory(JsonNode history, JsonNode definition) {
        WorkflowDefinition workflow = WorkflowDefinition.parse(definition);
        ExecutionTrail trail = HistoryReader.read(ExecutionEvent.listFrom(history));
        return new AuditReport(history.get("events"), trail, workflow, Optional.empty());
    }

    /** The same report with a comparison section first: {@code domain-sync compare}'s dry run and its result. */
    public AuditReport withComparison(Comparison comparison) {
        return new AuditReport(events, trail, definition, Optional.of(comparison));
    }

    /** As {@link #fromHistory(JsonNode, JsonNode)}, from the JSON texts. */
    public static AuditReport fromHistory(String historyJson, String definitionJson) {
        return fromHistory(parse(historyJson, "execution history"), parse(definitionJson, "state machine definition"));
    }

    /** What the history says the execution did, for callers that want more than the page. */
    public ExecutionTrail trail() {
        return trail;
    }

    /** What domain-sync's steps recorded in this execution. */
    public RunDigest digest() {
        return digest;
    }

    /** The whole self-contained page. */
    public String html() {
        return ReportPage.render(trail, new RunDigestSections(digest, trail, comparison), definition);
    }

    /** Writes {@code report.html} and {@code history.json} (pretty printed {@code {"events": [...]}}) into {@code dir}. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode history = Json.mapper().createObjectNode();
        history.set("events", events == null ? Json.mapper().createArrayNode() : (ArrayNode) events.deepCopy());
        Files.writeString(dir.resolve("history.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(history) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
        LOG.info("report written to {} for execution {} ({} events, status {})", dir,
                digest.executionName().orElse("?"), trail.events().size(), trail.status());
    }

    private static JsonNode parse(String json, String what) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
