package dev.domainsync.statemachine.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A wrapper for {@link WorkflowHarness#wrap}: the step throws on its first invocations and then runs its real
 * handler, as a Lambda whose dependency is briefly down would. Counts every invocation.
 */
final class FlakyStep implements UnaryOperator<RequestStreamHandler> {

    private final int failures;
    private final Supplier<? extends RuntimeException> error;
    private final AtomicInteger invocations = new AtomicInteger();

    private FlakyStep(int failures, Supplier<? extends RuntimeException> error) {
        this.failures = failures;
        this.error = error;
    }

    /** Throws {@code error} on the first {@code times} invocations. */
    static FlakyStep failing(int times, Supplier<? extends RuntimeException> error) {
        return new FlakyStep(times, error);
    }

    /** Throws {@code error} on every invocation. */
    static FlakyStep broken(Supplier<? extends RuntimeException> error) {
        return new FlakyStep(Integer.MAX_VALUE, error);
    }

    int invocations() {
        return invocations.get();
    }

    @Override
    public RequestStreamHandler apply(RequestStreamHandler real) {
        return (input, output, context) -> {
            if (invocations.incrementAndGet() <= failures) {
                throw error.get();
            }
            real.handleRequest(input, output, context);
        };
    }
}
