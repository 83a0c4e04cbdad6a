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

    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }
}
