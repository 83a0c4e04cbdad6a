package dev.domainsync.statemachine.report;

/** How a state visit, task attempt or Map iteration ended, as the graph and the timeline colour it. */
public enum Outcome {
    SUCCEEDED,
    /** Failed and not caught: the error ended the iteration or the execution. */
    FAILED,
    /** Failed, and a Catch sent the execution on to its handler. */
    CAUGHT,
    /** Stopped from outside: a sibling iteration failed, or the execution was aborted. */
    ABORTED,
    /** No end recorded yet: the execution is still running there. */
    IN_PROGRESS,
    /** Only for a state of the definition that the history never entered. */
    NOT_VISITED
}
