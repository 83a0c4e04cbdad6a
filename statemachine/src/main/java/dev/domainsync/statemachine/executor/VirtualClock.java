package dev.domainsync.statemachine.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock a local execution runs on: it stands still while states run and only the executor moves it,
 * so retry backoff, Wait states and timeouts take no real time and every run is reproducible.
 *
 * <p>Handlers may read it (for example to stamp records with the execution's time) but must not expect it
 * to move during their own invocation.
 */
public final class VirtualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public VirtualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private VirtualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same timeline seen from another zone; moving either moves both. */
    @Override
    public Clock withZone(ZoneId other) {
        return new VirtualClock(now, other);
    }

    void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the virtual clock cannot go back: " + duration);
        }
        now.updateAndGet(current -> current.plus(duration));
    }
}
