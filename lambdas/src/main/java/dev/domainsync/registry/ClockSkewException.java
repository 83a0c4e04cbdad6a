package dev.domainsync.registry;

/**
 * The execution's start time is further ahead of the database's clock than a run may start; the run is refused
 * before anything is recorded, so that a wrong clock (or a mistyped {@code --now}) cannot become a later run's
 * {@code since}. Retrying does not help. The name is part of the state machine's contract.
 */
public class ClockSkewException extends RuntimeException {

    public ClockSkewException(String message) {
        super(message);
    }
}
