package dev.domainsync.statemachine.snapshot;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Which requests the snapshot endpoint answers with a CloudFormation error instead of the stacks: none, by a
 * pattern consumed one character per request, at random rates from a seed, or always for one action.
 * Thread-safe; counts what it injected so that tests can assert on it.
 */
public final class FaultPlan {

    /** The errors CloudFormation answers when it cannot serve a request. */
    public enum Fault {
        THROTTLING(400, "Sender", "Throttling", "Rate exceeded"),
        INTERNAL_FAILURE(500, "Receiver", "InternalFailure", "The request processing has failed because of an unknown error"),
        SERVICE_UNAVAILABLE(503, "Receiver", "ServiceUnavailable", "Service is unavailable, please retry");

        private final int status;
        private final String type;
        private final String code;
        private final String message;

        Fault(int status, String type, String code, String message) {
            this.status = status;
            this.type = type;
            this.code = code;
            this.message = message;
        }

        public int status() {
            return status;
        }

        /** {@code Sender} or {@code Receiver}, as in CloudFormation's ErrorResponse. */
        public String type() {
            return type;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    /** Decides the fault, if any, of the next request; called under the plan's lock. */
    private interface Decision {
        Optional<Fault> next(String action);
    }

    private final String description;
    private final Decision decision;
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

    private FaultPlan(String description, Decision decision) {
        this.description = description;
        this.decision = decision;
    }

    /** Every request is answered normally. */
    public static FaultPlan none() {
        return new FaultPlan("none", action -> Optional.empty());
    }

    /**
     * One character per request, in arrival order: {@code '.'} normal, {@code 'T'} Throttling (400),
     * {@code '5'} ServiceUnavailable (503), {@code 'E'} InternalFailure (500). For example {@code "TT.5..T"}.
     *
     * @param repeat whether the pattern starts over when used up; otherwise every later request is normal
     */
    public static FaultPlan pattern(String pattern, boolean repeat) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("a fault pattern needs at least one character");
        }
        Fault[] faults = new Fault[pattern.length()];
        for (int index = 0; index < pattern.length(); index++) {
            faults[index] = switch (pattern.charAt(index)) {
                case '.' -> null;
                case 'T' -> Fault.THROTTLING;
                case '5' -> Fault.SERVICE_UNAVAILABLE;
                case 'E' -> Fault.INTERNAL_FAILURE;
                default -> throw new IllegalArgumentException("fault pattern \"" + pattern + "\" has '"
                        + pattern.charAt(index) + "' at " + index + "; use '.', 'T', '5' or 'E'");
            };
        }
        long[] served = {0};
        return new FaultPlan("pattern " + pattern + (repeat ? " repeating" : " once"), action -> {
            long index = served[0]++;
            if (index >= faults.length && !repeat) {
                return Optional.empty();
            }
            return Optional.ofNullable(faults[(int) (index % faults.length)]);
        });
    }

    /**
     * Each request independently: Throttling with probability {@code throttleRate}, else a 5xx error (500 or
     * 503, evenly) with probability {@code errorRate}; the same seed gives the same sequence.
     */
    public static FaultPlan rates(double throttleRate, double errorRate, long seed) {
        if (!(throttleRate >= 0 && errorRate >= 0 && throttleRate + errorRate <= 1)) {
            throw new IllegalArgumentException("throttle rate " + throttleRate + " and error rate " + errorRate
                    + " must be at least 0 and add up to at most 1");
        }
        Random random = new Random(seed);
        return new FaultPlan("rates throttle=" + throttleRate + " error=" + errorRate + " seed=" + seed, action -> {
            double draw = random.nextDouble();
            if (draw < throttleRate) {
                return Optional.of(Fault.THROTTLING);
            }
            if (draw < throttleRate + errorRate) {
                return Optional.of(random.nextBoolean() ? Fault.INTERNAL_FAILURE : Fault.SERVICE_UNAVAILABLE);
            }
            return Optional.empty();
        });
    }

    /** Every request for {@code action} (e.g. "DescribeStacks") fails with {@code fault}; others are normal. */
    public static FaultPlan always(String action, Fault fault) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(fault, "fault");
        return new FaultPlan("always " + fault.code() + " for " + action,
                requested -> action.equals(requested) ? Optional.of(fault) : Optional.empty());
    }

    /** The fault to answer the next request for {@code action} with, or empty to answer it normally. */
    public synchronized Optional<Fault> next(String action) {
        Optional<Fault> fault = decision.next(action);
        fault.ifPresent(injectedFault -> injected.merge(injectedFault, 1, Integer::sum));
        return fault;
    }

    /** How many faults of every kind this plan injected so far. */
    public synchronized int injectedCount() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int injectedCount(Fault fault) {
        return injected.getOrDefault(fault, 0);
    }

    @Override
    public String toString() {
        return "FaultPlan[" + description + "]";
    }
}
