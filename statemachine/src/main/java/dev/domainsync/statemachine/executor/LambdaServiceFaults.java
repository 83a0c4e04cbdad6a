package dev.domainsync.statemachine.executor;

import java.util.Optional;

/**
 * Lets a test make the Lambda service itself fail an invocation before the handler runs, so that Retry on
 * {@code Lambda.ServiceException}, {@code Lambda.TooManyRequestsException} or {@code Lambda.SdkClientException}
 * can be exercised. The failure is recorded as LambdaFunctionStartFailed.
 */
@FunctionalInterface
public interface LambdaServiceFaults {

    LambdaServiceFaults NONE = invocation -> Optional.empty();

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

        public static Fault sdkClientException() {
            return new Fault("Lambda.SdkClientException", "Unable to execute HTTP request (injected)");
        }
    }
}
