package dev.domainsync.json;

/**
 * A step's input is malformed: the workflow catches it and fails the run without retrying.
 * The message names the field that is wrong.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns {@code value}, or fails naming {@code field} when it is missing. */
    public static <T> T require(T value, String field) {
        if (value == null) {
            throw new InvalidInputException("missing required field '" + field + "'");
        }
        return value;
    }
}
