package dev.domainsync.statemachine.executor;

/** Receives each history event as it is recorded, for example to show a run's progress. */
@FunctionalInterface
public interface ExecutionListener {

    ExecutionListener NONE = event -> { };

    void onEvent(HistoryEvent event);
}
