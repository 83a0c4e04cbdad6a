package dev.domainsync.statemachine.executor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One state visit's {@code Retry}, as Step Functions applies it: the first Retrier whose ErrorEquals handles an
 * error decides alone (when it has used its MaxAttempts, the error is not retried, whatever later Retriers say), and
 * each Retrier counts its own attempts. Pure: the caller waits.
 */
final class RetryPolicy {

    private final List<Retrier> retriers;
    private final int[] attempts;
    private final Random random;

    /** @param random draws the FULL jitter; the run's seeded random, so runs repeat */
    RetryPolicy(List<Retrier> retriers, Random random) {
        this.retriers = List.copyOf(retriers);
        this.attempts = new int[retriers.size()];
        this.random = random;
    }

    /**
     * One retry to take.
     *
     * @param attempt the retry this is for its Retrier: 1 for the first
     * @param delay   the wait before it
     */
    record Retry(int retrierIndex, int attempt, int maxAttempts, Duration delay) {
    }

    /** The retry for {@code error}, counted as taken, or empty when it is not to be retried. */
    Optional<Retry> next(StatesError error) {
        for (int i = 0; i < retriers.size(); i++) {
            Retrier retrier = retriers.get(i);
            if (!error.handledBy(retrier.errorEquals())) {
                continue;
            }
            if (attempts[i] >= retrier.maxAttempts()) {
                return Optional.empty();
            }
            attempts[i]++;
            return Optional.of(new Retry(i, attempts[i], retrier.maxAttempts(), backoff(retrier, attempts[i])));
        }
        return Optional.empty();
    }

    /** IntervalSeconds x BackoffRate^(attempt-1), capped by MaxDelaySeconds, then FULL jitter if asked. */
    private Duration backoff(Retrier retrier, int attempt) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempt - 1);
        if (retrier.maxDelaySeconds().isPresent()) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds().getAsLong());
        }
        if (retrier.fullJitter()) {
            seconds = random.nextDouble() * seconds;
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
