package dev.domainsync.statemachine.snapshot;

/** A snapshot file that cannot be served; the message names the file, the stack and the problem. */
public class InvalidSnapshotException extends RuntimeException {

    public InvalidSnapshotException(String message) {
        super(message);
    }

    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
