package dev.domainsync.cloudformation;

/**
 * CloudFormation answered 5xx or could not be reached after the SDK's own retries; the workflow retries
 * the step with backoff. The name is part of the state machine's contract.
 */
public class CloudFormationUnavailableException extends RuntimeException {

    public CloudFormationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
