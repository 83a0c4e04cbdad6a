package dev.domainsync.statemachine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import dev.domainsync.statemachine.executor.EventDetails;
import dev.domainsync.statemachine.executor.ExecutionListener;
import dev.domainsync.statemachine.executor.HistoryEvent;
import dev.domainsync.statemachine.report.DisplayFormat;
import java.io.PrintWriter;

/**
 * The live progress of an execution on stderr: one rewritten line on a terminal, plain lines otherwise
 * (a page at a time), so logs of scheduled or piped runs stay readable.
 */
final class Progress implements ExecutionListener {

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean silent;
    private String state = "";
    private int pages;
    private int listed;
    private int extracted;
    private int retries;
    private boolean lineOpen;

    Progress(PrintWriter err, boolean terminal) {
        this(err, terminal, false);
    }

    private Progress(PrintWriter err, boolean terminal, boolean silent) {
        this.err = err;
        this.terminal = terminal;
        this.silent = silent;
    }

    /**
     * Progress on {@code err}, the command line's stderr; rewritten in place only when a terminal shows it and
     * neither {@code NO_COLOR} nor {@code TERM=dumb} asks for no escape codes.
     */
    static Progress to(PrintWriter err) {
        return new Progress(err, System.console() != null && !DomainSyncCli.noColor(System.getenv()));
    }

    /** No progress at all ({@code --quiet}). */
    static Progress silent(PrintWriter err) {
        return new Progress(err, false, true);
    }

    /** Starts counting afresh, for the next execution. */
    void reset() {
        endLine();
        state = "";
        pages = 0;
        listed = 0;
        extracted = 0;
        retries = 0;
    }

    /** A plain message, on its own line. */
    void line(String message) {
        if (silent) {
            return;
        }
        endLine();
        err.println(DisplayFormat.visibleLines(message));
        err.flush();
    }

    @Override
    public void onEvent(HistoryEvent event) {
        if (silent) {
            return;
        }
        JsonNode details = event.details().map(Progress::tree).orElse(null);
        switch (event.type()) {
            case TaskStateEntered, MapStateEntered, ChoiceStateEntered -> state = DisplayFormat.visible(text(details, "name"));
            case LambdaFunctionFailed -> retries++;
            case LambdaFunctionSucceeded -> countOutput(text(details, "output"));
            default -> {
                return;
            }
        }
        show();
    }

    private void countOutput(String output) {
        JsonNode result = parse(output);
        if (result == null) {
            return;
        }
        if (state.equals("ListStacks")) {
            pages++;
            listed += result.path("stacks").size();
        } else if (state.equals("ExtractParamsBatch") || state.equals("ExtractParams")) {
            extracted += result.path("stacks").size();
        } else if (state.equals("WriteRows") && !terminal) {
            err.printf("page %d: %d stacks listed, %d extracted, %d retries%n", pages, listed, extracted, retries);
            err.flush();
        }
    }

    private void show() {
        if (terminal) {
            err.printf("\r\u001b[2K%-14s pages %d, stacks listed %d, extracted %d, retries %d", state, pages, listed,
                    extracted, retries);
            err.flush();
            lineOpen = true;
        }
    }

    /** Ends the rewritten line so that what follows starts on its own. */
    void endLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    private static JsonNode tree(EventDetails details) {
        return Json.mapper().valueToTree(details);
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? "" : node.get(field).asText();
    }

    private static JsonNode parse(String json) {
        try {
            return json.isEmpty() ? null : Json.mapper().readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
