package dev.domainsync.statemachine.workflow;

import static dev.domainsync.statemachine.workflow.StackEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.domainsync.statemachine.demo.LargeListing;
import dev.domainsync.statemachine.executor.ExecutionResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The event path's throughput and event-to-row latency over 1,000 events for different stacks, on embedded
 * PostgreSQL and the stack snapshot endpoint, printed with the machine it ran on. It only prints (a timed assertion
 * would fail on a busy machine rather than on a regression), and runs only when asked:
 * {@code mvn -B -q -o -pl statemachine -am test -Dtest=SyncStackBenchmarkTest -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then {@code statemachine/target/surefire-reports/*SyncStackBenchmarkTest-output.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SyncStackBenchmarkTest {

    private static final int EVENTS = 1_000;
    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

    @Test
    void thousandEvents_oneAtATimeAndFourAtATime_printEventsPerSecondAndLatency() throws Exception {
        JsonNode stacks = LargeListing.snapshot(EVENTS, NOW);
        List<String> events = new ArrayList<>();
        stacks.get("Stacks").forEach(stack -> events.add(event(stack.get("StackId").asText(),
                stack.get("StackStatus").asText(), NOW)));
        Collections.shuffle(events, new Random(8));

        System.out.printf("BENCHMARK machine: %d cores, load average %.2f before, %s %s, Java %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"));
        // A first, unmeasured pass warms the JIT, the SDK and the database up, as a SnapStart restore would.
        measure(stacks, events.subList(0, 100), 1);
        for (int workers : List.of(1, 4)) {
            Measured measured = measure(stacks, events, workers);
            System.out.printf("BENCHMARK %,d events, %d at a time: %.1f events/s; event-to-row p50 %d ms, p99 %d ms,"
                    + " max %d ms; load average %.2f after%n", EVENTS, workers, measured.eventsPerSecond(),
                    measured.percentile(50), measured.percentile(99), measured.percentile(100), loadAverage());
        }
    }

    /** Runs every event through sync-stack on a fresh database, {@code workers} executions at a time. */
    private static Measured measure(JsonNode stacks, List<String> events, int workers) throws Exception {
        try (WorkflowHarness harness = new WorkflowHarness().serve(stacks)) {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            List<Future<Long>> latencies = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (String event : events) {
                    latencies.add(pool.submit(() -> {
                        long begin = System.nanoTime();
                        ExecutionResult result = harness.runEvent(event, NOW);
                        assertThat(result.succeeded()).as("%s %s", result.error(), result.cause()).isTrue();
                        return System.nanoTime() - begin;
                    }));
                }
                List<Long> millis = new ArrayList<>();
                for (Future<Long> latency : latencies) {
                    millis.add(Duration.ofNanos(latency.get()).toMillis());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Collections.sort(millis);
                return new Measured(events.size() / seconds, millis);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Events per second over the whole pass, and each execution's time from start to its row committed. */
    private record Measured(double eventsPerSecond, List<Long> sortedMillis) {

        long percentile(int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sortedMillis.size()) - 1;
            return sortedMillis.get(Math.max(0, Math.min(index, sortedMillis.size() - 1)));
        }
    }
}
