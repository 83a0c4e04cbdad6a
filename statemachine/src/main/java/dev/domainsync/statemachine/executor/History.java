package dev.domainsync.statemachine.executor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records one execution's events with ids from 1, the virtual clock's time and the listener notified, and
 * enforces the history quota: once 24,999 events exist, the 25,000th is ExecutionSucceeded if that is what
 * comes next, and otherwise ExecutionFailed, which ends the execution.
 */
final class History {

    static final String LIMIT_ERROR = ErrorNames.RUNTIME;

    private static final Set<HistoryEventType> CLOSING = EnumSet.of(HistoryEventType.ExecutionSucceeded,
            HistoryEventType.ExecutionFailed, HistoryEventType.ExecutionTimedOut);

    private final VirtualClock clock;
    private final int limit;
    private final ExecutionListener listener;
    private final List<HistoryEvent> events = new ArrayList<>();
    private ExecutionTerminated closedBy;

    History(VirtualClock clock, int limit, ExecutionListener listener) {
        this.clock = clock;
        this.limit = limit;
        this.listener = listener;
    }

    /** Appends an event that follows {@code previousEventId}; returns its id. */
    long record(HistoryEventType type, EventDetails details, long previousEventId) {
        if (closedBy != null) {
            throw closedBy;
        }
        if (events.size() >= limit - 1 && !CLOSING.contains(type)) {
            String cause = "The execution reached the maximum number of history events (" + limit + ").";
            append(HistoryEventType.ExecutionFailed, new EventDetails.Failure(LIMIT_ERROR, cause), previousEventId);
            closedBy = new ExecutionTerminated(ExecutionStatus.FAILED, LIMIT_ERROR, cause);
            throw closedBy;
        }
        long id = append(type, details, previousEventId);
        if (CLOSING.contains(type)) {
            closedBy = new ExecutionTerminated(ExecutionStatus.FAILED, "", "the execution has already ended");
        }
        return id;
    }

    /** Records a closing event and stops the run with {@code status}. */
    ExecutionTerminated terminate(ExecutionStatus status, HistoryEventType type, String error, String cause,
                                  long previousEventId) {
        record(type, new EventDetails.Failure(error, cause), previousEventId);
        return new ExecutionTerminated(status, error, cause);
    }

    private long append(HistoryEventType type, EventDetails details, long previousEventId) {
        long id = events.size() + 1L;
        HistoryEvent event = new HistoryEvent(id, previousEventId, clock.instant(), type,
                Optional.ofNullable(details));
        events.add(event);
        listener.onEvent(event);
        return id;
    }

    long lastId() {
        return events.size();
    }

    List<HistoryEvent> events() {
        return List.copyOf(events);
    }
}
