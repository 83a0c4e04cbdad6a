package dev.domainsync.statemachine.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * What every part of one execution writes to: its history, its virtual time (through the lane scheduler, so Map
 * lanes due meanwhile run and TimeoutSeconds is kept) and the payload quota on every input, output and result.
 */
final class RunRecorder {

    /** Step Functions' payload quota: 256 KiB of UTF-8 for every input, output, argument and result. */
    static final int PAYLOAD_LIMIT_BYTES = 262_144;

    private final History history;
    private final LaneScheduler scheduler;
    private final OptionalLong timeoutSeconds;
    private int maxPayloadBytes;
    private String maxPayloadState = "";

    RunRecorder(VirtualClock clock, ExecutorOptions options, Instant startTime, OptionalLong timeoutSeconds) {
        this.history = new History(clock, options.historyEventLimit(), options.listener());
        this.timeoutSeconds = timeoutSeconds;
        Instant deadline = timeoutSeconds.isPresent() ? startTime.plusSeconds(timeoutSeconds.getAsLong()) : null;
        this.scheduler = new LaneScheduler(clock, deadline, this::timedOut);
    }

    History history() {
        return history;
    }

    LaneScheduler scheduler() {
        return scheduler;
    }

    long record(Flow flow, HistoryEventType type, EventDetails details) {
        long id = record(type, details, flow.last);
        flow.last = id;
        return id;
    }

    long record(HistoryEventType type, EventDetails details, long previousEventId) {
        try {
            return history.record(type, details, previousEventId);
        } catch (ExecutionTerminated e) {
            scheduler.terminate(e);
            throw e;
        }
    }

    /** Waits on the virtual clock; Map lanes due meanwhile run, and past TimeoutSeconds the execution times out. */
    void advance(Duration duration) {
        scheduler.sleep(duration);
    }

    private ExecutionTerminated timedOut() {
        try {
            return history.terminate(ExecutionStatus.TIMED_OUT, HistoryEventType.ExecutionTimedOut,
                    ErrorNames.TIMEOUT, "The execution ran longer than its TimeoutSeconds of "
                            + timeoutSeconds.getAsLong() + " seconds.", history.lastId());
        } catch (ExecutionTerminated limitReached) {
            return limitReached;
        }
    }

    /** Notes the size of a payload of {@code stateName}; past the quota the execution fails with no catch. */
    void measure(String json, String stateName) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        noteSize(bytes, stateName);
        if (bytes > PAYLOAD_LIMIT_BYTES) {
            throw StatesError.terminalDataLimit("The state '" + stateName + "' has a payload of "
                    + bytes + " bytes, exceeding the maximum number of bytes service limit (" + PAYLOAD_LIMIT_BYTES
                    + ").");
        }
    }

    void noteSize(int bytes, String stateName) {
        if (bytes > maxPayloadBytes) {
            maxPayloadBytes = bytes;
            maxPayloadState = stateName;
        }
    }

    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    String maxPayloadState() {
        return maxPayloadState;
    }

    static String json(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
