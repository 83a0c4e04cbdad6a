package dev.domainsync.statemachine.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.domainsync.json.Json;
import dev.domainsync.registry.AppliedStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads domain-sync's own records out of an {@link ExecutionTrail}: the payloads its steps returned, found by the
 * state names of {@code sync-domains.asl.json} and {@code sync-stack.asl.json} (a test ties each name to them).
 */
final class RunDigestReader {

    private static final Logger LOG = LoggerFactory.getLogger(RunDigestReader.class);
    private static final ObjectMapper MAPPER = Json.mapper();

    // The steps whose payloads the digest reads, by their state names in the two definitions.
    static final String START_RUN = "StartRun";
    static final String FILTER_RECENT = "FilterRecent";
    static final String EXTRACT_PARAMS_BATCH = "ExtractParamsBatch";
    static final String WRITE_ROWS = "WriteRows";
    static final String PRUNE_DELETED = "PruneDeleted";
    static final String APPLY_STACK = "ApplyStack";
    static final String FAIL_RUN = "FailRun";

    /** Every state name above: each is a Task of one of the shipped definitions. */
    static final Set<String> STATE_NAMES = Set.of(START_RUN, FILTER_RECENT, EXTRACT_PARAMS_BATCH, WRITE_ROWS,
            PRUNE_DELETED, APPLY_STACK, FAIL_RUN);

    private RunDigestReader() {
    }

    static RunDigest read(ExecutionTrail trail) {
        List<StateVisit> all = trail.allVisits();
        Optional<RunContext> runContext = lastOutput(all, START_RUN, RunContext.class);
        // A sync-stack execution applies one stack; its output is what it did, not a run report.
        Optional<AppliedStack> appliedStack = lastOutput(all, APPLY_STACK, AppliedStack.class);
        Optional<RunReport> runReport = appliedStack.isPresent() ? Optional.empty()
                : trail.status() == TrailStatus.SUCCEEDED && !trail.executionOutput().isEmpty()
                ? payload(trail.executionOutput(), RunReport.class, "execution output")
                : lastOutput(all, PRUNE_DELETED, RunReport.class);
        Optional<RunFailure> runFailure = all.stream()
                .filter(visit -> visit.name().equals(FAIL_RUN) && !visit.attempts().isEmpty())
                .findFirst()
                .flatMap(visit -> payload(visit.attempts().get(0).input(), RunFailure.class, FAIL_RUN + " input"));
        Optional<String> arn = runContext.map(RunContext::executionId)
                .or(() -> runReport.map(RunReport::executionId))
                .or(() -> runFailure.map(RunFailure::executionId))
                .or(() -> startRunArgument(all, "executionId"))
                .filter(id -> !id.isBlank());
        List<StackExtract> extracts = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (StateVisit visit : all) {
            if (visit.name().equals(EXTRACT_PARAMS_BATCH)) {
                resultTree(visit).ifPresent(tree -> eachOf(tree.path("stacks"), StackExtract.class, extracts::add));
            } else if (visit.name().equals(FILTER_RECENT)) {
                resultTree(visit).ifPresent(tree -> tree.path("deletedStackIds")
                        .forEach(id -> deleted.add(id.asText())));
            }
        }
        return new RunDigest(arn, runContext, runReport, runFailure, lastOutput(all, WRITE_ROWS, StagedCounts.class),
                extracts, deleted, appliedStack);
    }

    private static Optional<String> startRunArgument(List<StateVisit> all, String field) {
        return all.stream()
                .filter(visit -> visit.name().equals(START_RUN) && !visit.attempts().isEmpty())
                .findFirst()
                .flatMap(visit -> HistoryReader.tree(visit.attempts().get(0).input()))
                .map(tree -> tree.path(field).asText(""));
    }

    private static <T> Optional<T> lastOutput(List<StateVisit> all, String stateName, Class<T> type) {
        for (int i = all.size() - 1; i >= 0; i--) {
            StateVisit visit = all.get(i);
            if (visit.name().equals(stateName) && visit.succeededAttempt().isPresent()) {
                return payload(visit.succeededAttempt().get().output(), type, stateName + " output");
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> resultTree(StateVisit visit) {
        return visit.succeededAttempt().flatMap(attempt -> HistoryReader.tree(attempt.output()));
    }

    private static <T> void eachOf(JsonNode array, Class<T> type, Consumer<T> sink) {
        for (JsonNode item : array) {
            try {
                sink.accept(lenient(type).readValue(item));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("report: skipped an unreadable {}: {}", type.getSimpleName(), e.getMessage());
            }
        }
    }

    // A payload the report cannot read is left out, never fatal: the page still shows the raw history.
    private static <T> Optional<T> payload(String json, Class<T> type, String what) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(lenient(type).readValue(json));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("report: {} is not a readable {}: {}", what, type.getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }

    // Payloads from another version may lack a count: the report shows it as 0 rather than dropping the record.
    private static ObjectReader lenient(Class<?> type) {
        return MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
