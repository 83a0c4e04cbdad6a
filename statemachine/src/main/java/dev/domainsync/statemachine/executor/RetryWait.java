package dev.domainsync.statemachine.executor;

import java.time.Duration;
import java.time.Instant;

/**
 * One wait before a retry, as the executor took it on the virtual clock.
 *
 * @param attempt the retry this wait precedes for its retrier: 1 for the first retry
 * @param delay   the wait after backoff, MaxDelaySeconds and jitter
 */
public record RetryWait(String stateName, String error, int retrierIndex, int attempt, Instant startedAt,
                        Duration delay) {
}
