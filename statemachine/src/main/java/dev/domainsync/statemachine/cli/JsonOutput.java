package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.executor.ExecutionResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --output json}: an execution as one JSON document on stdout, as the AWS CLI prints its answers. The
 * execution's own output (the run report, or what sync-stack did to one stack) is in it unchanged.
 */
final class JsonOutput {

    private JsonOutput() {
    }

    /** The execution: its ARN, status, error and cause when it failed, and its output. */
    static ObjectNode execution(ExecutionResult result, String outputField) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("executionArn", result.executionArn());
        node.put("status", result.status().toString());
        node.put("error", result.error().orElse(null));
        node.put("cause", result.cause().orElse(null));
        node.set(outputField, result.succeeded() ? result.output().map(JsonOutput::tree).orElse(null) : null);
        return node;
    }

    /** The same with the run report, a hint when the run found nothing to sync, and where the report went. */
    static ObjectNode run(ExecutionResult result, Optional<String> hint, Path reportDir) {
        ObjectNode node = execution(result, "report");
        node.put("hint", hint.orElse(null));
        node.put("reportDir", reportDir == null ? null : reportDir.toAbsolutePath().toString());
        return node;
    }

    /** Writes {@code document}, pretty-printed, and nothing else. */
    static void print(PrintWriter out, JsonNode document) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            return Json.mapper().getNodeFactory().textNode(json);
        }
    }
}
