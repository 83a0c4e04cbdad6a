package dev.domainsync.telemetry;

/** What one step invocation counts; on Lambda the counts of an invocation become one EMF document. */
public interface StepMetrics {

    /** Adds {@code value} to the count {@code name} (CloudWatch unit Count). */
    void count(String name, double value);

    /** Splits this invocation's counts by {@code name = value} (say, an event's outcome). */
    void dimension(String name, String value);
}
