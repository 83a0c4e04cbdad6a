package dev.domainsync.statemachine.report;

import java.util.Optional;

/** A history event with what the reader attributed it to: its state (empty for execution events) and Map iteration. */
public record TracedEvent(ExecutionEvent event, String stateName, Optional<IterationKey> iteration) {
}
