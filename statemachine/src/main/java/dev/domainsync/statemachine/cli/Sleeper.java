package dev.domainsync.statemachine.cli;

import java.time.Duration;

/** Waits between polls; tests record the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper threadSleep() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
