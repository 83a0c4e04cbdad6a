package dev.domainsync.config;

/** Thrown when an environment variable is present but invalid; names the variable, never its secret parts. */
public class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }
}
