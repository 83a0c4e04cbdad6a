package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a local execution ended, its full history and the numbers a report needs.
 *
 * @param output          the execution's output as a JSON text, when it succeeded
 * @param maxPayloadBytes the largest state input, state output, task argument or result seen, in UTF-8 bytes
 * @param maxPayloadState the state that carried {@code maxPayloadBytes}
 * @param virtualDuration time from start to end on the virtual clock
 */
public record ExecutionResult(String executionArn, ExecutionStatus status, Optional<String> output,
                              Optional<String> error, Optional<String> cause, List<HistoryEvent> history,
                              int maxPayloadBytes, String maxPayloadState, Duration virtualDuration,
                              List<RetryWait> retries) {

    public ExecutionResult {
        history = List.copyOf(history);
        retries = List.copyOf(retries);
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    public int eventCount() {
        return history.size();
    }

    /** {@code {"events": [...]}}, as {@code aws stepfunctions get-execution-history} prints it. */
    public ObjectNode historyJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode events = root.putArray("events");
        history.forEach(event -> events.add(event.toJson()));
        return root;
    }

    /** Writes {@link #historyJson()} to {@code file}, pretty-printed. */
    public void writeHistoryJson(Path file) {
        try {
            Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(historyJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
