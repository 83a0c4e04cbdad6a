package dev.domainsync.statemachine.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retry as concepts-error-handling describes it: first matching Retrier decides, backoff, MaxDelaySeconds, jitter. */
class RetryPolicyTest {

    private static final String THROTTLED = "Lambda.TooManyRequestsException";

    private static Retrier retrier(List<String> errors, long interval, int maxAttempts, double rate, Long maxDelay,
                                   boolean jitter) {
        return new Retrier(errors, interval, maxAttempts, rate,
                maxDelay == null ? OptionalLong.empty() : OptionalLong.of(maxDelay), jitter);
    }

    private static List<Duration> delays(RetryPolicy policy, StatesError error) {
        List<Duration> delays = new java.util.ArrayList<>();
        for (Optional<RetryPolicy.Retry> next = policy.next(error); next.isPresent(); next = policy.next(error)) {
            delays.add(next.get().delay());
        }
        return delays;
    }

    @Test
    void backoff_growsByTheRateUpToMaxDelaySecondsForMaxAttempts() {
        RetryPolicy policy = new RetryPolicy(List.of(retrier(List.of(THROTTLED), 2, 5, 3.0, 20L, false)), new Random(0));

        assertThat(delays(policy, new StatesError(THROTTLED, "slow down"))).containsExactly(Duration.ofSeconds(2),
                Duration.ofSeconds(6), Duration.ofSeconds(18), Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @Test
    void fullJitter_drawsEachWaitBetweenZeroAndItsCap() {
        RetryPolicy policy = new RetryPolicy(List.of(retrier(List.of(ErrorNames.ALL), 4, 50, 1.0, null, true)),
                new Random(7));

        assertThat(delays(policy, new StatesError("Any", "x"))).hasSize(50)
                .allSatisfy(delay -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofSeconds(4)))
                .anySatisfy(delay -> assertThat(delay).isLessThan(Duration.ofSeconds(2)))
                .anySatisfy(delay -> assertThat(delay).isGreaterThan(Duration.ofSeconds(2)));
    }

    @Test
    @DisplayName("The first Retrier that matches decides: once it is used up, a later States.ALL retrier does not retry")
    void firstMatchingRetrierUsedUp_stopsRetryingEvenIfALaterOneMatches() {
        RetryPolicy policy = new RetryPolicy(List.of(retrier(List.of(THROTTLED), 1, 1, 2.0, null, false),
                retrier(List.of(ErrorNames.ALL), 1, 9, 2.0, null, false)), new Random(0));
        StatesError throttled = new StatesError(THROTTLED, "slow down");

        assertThat(policy.next(throttled)).map(RetryPolicy.Retry::retrierIndex).contains(0);
        assertThat(policy.next(throttled)).isEmpty();
        assertThat(policy.next(new StatesError("Other", "x"))).map(RetryPolicy.Retry::retrierIndex).contains(1);
    }

    @Test
    void terminalDataLimit_isNotRetriedByStatesAllButByItsName() {
        StatesError terminal = StatesError.terminalDataLimit("too big");

        assertThat(new RetryPolicy(List.of(retrier(List.of(ErrorNames.ALL), 1, 3, 2.0, null, false)), new Random(0))
                .next(terminal)).isEmpty();
        assertThat(new RetryPolicy(List.of(retrier(List.of(ErrorNames.DATA_LIMIT_EXCEEDED), 1, 3, 2.0, null, false)),
                new Random(0)).next(terminal)).isPresent();
    }

    @Test
    void statesRuntime_isNeverRetried() {
        RetryPolicy policy = new RetryPolicy(List.of(retrier(List.of(ErrorNames.RUNTIME, ErrorNames.ALL), 1, 3, 2.0,
                null, false)), new Random(0));

        assertThat(policy.next(new StatesError(ErrorNames.RUNTIME, "No Matches!"))).isEmpty();
    }

    private static List<Retrier> parsedRetry(String retry) {
        StateMachineDefinition definition = DefinitionParser.parse("{\"QueryLanguage\": \"JSONata\", "
                + "\"StartAt\": \"Call\", \"States\": {\"Call\": {\"Type\": \"Task\", "
                + "\"Resource\": \"arn:aws:lambda:us-east-1:123456789012:function:f\", \"Retry\": " + retry
                + ", \"End\": true}}}");
        return ((State.Task) definition.states().state("Call")).retry();
    }

    @Test
    @DisplayName("A Retrier with only ErrorEquals retries 3 times, waiting 1 s and doubling: 1 s, 2 s, 4 s")
    void retrierWithDefaults_retriesThreeTimesFromOneSecondDoubling() {
        RetryPolicy policy = new RetryPolicy(parsedRetry("[{\"ErrorEquals\": [\"States.ALL\"]}]"), new Random(0));

        assertThat(delays(policy, new StatesError("Any", "x"))).containsExactly(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    @DisplayName("MaxAttempts 0 never retries what it matches, and a later Retrier matching the same error does not either")
    void maxAttemptsZero_neverRetriesAndShadowsLaterRetriers() {
        RetryPolicy policy = new RetryPolicy(parsedRetry("[{\"ErrorEquals\": [\"" + THROTTLED + "\"], "
                + "\"MaxAttempts\": 0}, {\"ErrorEquals\": [\"States.ALL\"]}]"), new Random(0));

        assertThat(policy.next(new StatesError(THROTTLED, "slow down"))).isEmpty();
        assertThat(policy.next(new StatesError("Other", "x"))).map(RetryPolicy.Retry::retrierIndex).contains(1);
    }

    @Test
    @DisplayName("Two Retriers hit alternately each count their own attempts and their own backoff")
    void twoRetriersAlternating_eachCountsItsOwnAttempts() {
        RetryPolicy policy = new RetryPolicy(List.of(retrier(List.of(THROTTLED), 1, 2, 2.0, null, false),
                retrier(List.of(ErrorNames.ALL), 5, 2, 3.0, null, false)), new Random(0));
        StatesError throttled = new StatesError(THROTTLED, "slow down");
        StatesError other = new StatesError("Other", "x");

        List<Optional<RetryPolicy.Retry>> retries = List.of(policy.next(throttled), policy.next(other),
                policy.next(throttled), policy.next(other), policy.next(throttled), policy.next(other));

        assertThat(retries).containsExactly(
                Optional.of(new RetryPolicy.Retry(0, 1, 2, Duration.ofSeconds(1))),
                Optional.of(new RetryPolicy.Retry(1, 1, 2, Duration.ofSeconds(5))),
                Optional.of(new RetryPolicy.Retry(0, 2, 2, Duration.ofSeconds(2))),
                Optional.of(new RetryPolicy.Retry(1, 2, 2, Duration.ofSeconds(15))),
                Optional.empty(), Optional.empty());
    }
}
