package dev.domainsync.statemachine.executor;

import java.util.List;
import java.util.Optional;

/**
 * Lets a test make the Lambda service itself fail an invocation before the handler runs, so that Retry on the
 * {@link #SERVICE_ERRORS} can be exercised. The failure is recorded as LambdaFunctionStartFailed (an assumption:
 * AWS documents the error names, not the event).
 */
@FunctionalInterface
public interface LambdaServiceFaults {

    LambdaServiceFaults NONE = invocation -> Optional.empty();

    /**
     * The Lambda service's transient errors that every Task retries: the four of "Handle Lambda service
     * exceptions" (https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html) and
     * throttling, {@code Lambda.TooManyRequestsException}. The definitions' retriers list exactly these.
     */
    List<String> SERVICE_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.ClientExecutionTimeoutException");

    /** The fault for this invocation, or empty to let the handler run. */
    Optional<Fault> beforeInvoke(Invocation invocation);

    /**
     * One attempt to invoke a function.
     *
     * @param attempt 1 for the first invocation of this state visit, 2 for its first retry, and so on
     */
    record Invocation(String functionArn, String stateName, int attempt, String input) {
    }

    /** The error name and cause the Lambda service reports. */
    record Fault(String error, String cause) {

        public static Fault serviceException() {
            return new Fault("Lambda.ServiceException", "Lambda service unavailable (injected)");
        }

        public static Fault tooManyRequests() {
            return new Fault("Lambda.TooManyRequestsException", "Rate Exceeded. (injected)");
        }

        /** The SDK's client-side timeout on the Invoke call, a 500-class error AWS advises retrying. */
        public static Fault clientExecutionTimeout() {
            return new Fault("Lambda.ClientExecutionTimeoutException", "Client execution did not complete before the "
                    + "specified timeout configuration (injected)");
        }
    }
}
