package dev.domainsync.statemachine.executor;

import java.util.List;
import java.util.OptionalLong;

/**
 * One entry of a state's {@code Retry}: which errors it handles and how long to wait before each retry.
 *
 * @param maxDelaySeconds caps the computed interval; empty means no cap
 * @param fullJitter      {@code JitterStrategy: FULL}: the wait is drawn uniformly from [0, interval]
 */
public record Retrier(List<String> errorEquals, long intervalSeconds, int maxAttempts, double backoffRate,
                      OptionalLong maxDelaySeconds, boolean fullJitter) {

    /** Step Functions' defaults for a Retrier that leaves these fields out. */
    public static final long DEFAULT_INTERVAL_SECONDS = 1;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final double DEFAULT_BACKOFF_RATE = 2.0;

    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }
}
