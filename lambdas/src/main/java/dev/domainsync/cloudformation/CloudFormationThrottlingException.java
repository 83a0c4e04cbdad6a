package dev.domainsync.cloudformation;

/**
 * CloudFormation kept throttling after the SDK's own retries; the workflow retries the step with backoff.
 * The name is part of the state machine's contract.
 */
public class CloudFormationThrottlingException extends RuntimeException {

    public CloudFormationThrottlingException(String message, Throwable cause) {
        super(message, cause);
    }
}
