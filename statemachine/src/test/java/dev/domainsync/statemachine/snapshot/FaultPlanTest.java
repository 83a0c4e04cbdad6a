package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.statemachine.snapshot.FaultPlan.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void none_neverInjects() {
        FaultPlan plan = FaultPlan.none();

        assertThat(draw(plan, "ListStacks", 50)).containsOnly(".");
        assertThat(plan.injectedCount()).isZero();
    }

    @Test
    void patternOnce_followsThePatternThenAnswersNormally() {
        FaultPlan plan = FaultPlan.pattern("TT.5..E", false);

        assertThat(String.join("", draw(plan, "ListStacks", 10))).isEqualTo("TT.5..E...");
        assertThat(plan.injectedCount(Fault.THROTTLING)).isEqualTo(2);
        assertThat(plan.injectedCount(Fault.SERVICE_UNAVAILABLE)).isEqualTo(1);
        assertThat(plan.injectedCount(Fault.INTERNAL_FAILURE)).isEqualTo(1);
        assertThat(plan.injectedCount()).isEqualTo(4);
    }

    @Test
    void patternRepeating_startsOverAcrossActions() {
        FaultPlan plan = FaultPlan.pattern("T.", true);

        List<String> faults = new ArrayList<>();
        for (int request = 0; request < 6; request++) {
            faults.add(symbol(plan.next(request % 2 == 0 ? "ListStacks" : "DescribeStacks")));
        }

        assertThat(String.join("", faults)).isEqualTo("T.T.T.");
    }

    @Test
    void pattern_unknownCharacter_refused() {
        assertThatThrownBy(() -> FaultPlan.pattern("T.x", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' at 2");
        assertThatThrownBy(() -> FaultPlan.pattern("", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rates_sameSeedSameFaults_andRoughlyTheRates() {
        List<String> first = draw(FaultPlan.rates(0.3, 0.2, 42), "ListStacks", 2000);
        List<String> second = draw(FaultPlan.rates(0.3, 0.2, 42), "ListStacks", 2000);

        assertThat(first).isEqualTo(second);
        assertThat(first.stream().filter("T"::equals).count()).isBetween(500L, 700L);
        assertThat(first.stream().filter(symbol -> symbol.equals("5") || symbol.equals("E")).count())
                .isBetween(300L, 500L);
        assertThat(first).contains("5", "E");
    }

    @Test
    void rates_extremes() {
        assertThat(draw(FaultPlan.rates(1, 0, 1), "ListStacks", 20)).containsOnly("T");
        assertThat(draw(FaultPlan.rates(0, 0, 1), "ListStacks", 20)).containsOnly(".");
        assertThat(draw(FaultPlan.rates(0, 1, 1), "ListStacks", 50)).containsOnly("5", "E");
        assertThatThrownBy(() -> FaultPlan.rates(0.7, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.rates(-0.1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void always_faultsOnlyTheNamedAction() {
        FaultPlan plan = FaultPlan.always("DescribeStacks", Fault.INTERNAL_FAILURE);

        assertThat(draw(plan, "DescribeStacks", 3)).containsOnly("E");
        assertThat(draw(plan, "ListStacks", 3)).containsOnly(".");
        assertThat(plan.injectedCount()).isEqualTo(3);
    }

    @Test
    void repeatingPattern_concurrentRequests_injectExactlyItsShare() throws Exception {
        FaultPlan plan = FaultPlan.pattern("T.", true);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> workers = IntStream.range(0, 8).<Future<?>>mapToObj(worker -> threads.submit(() -> {
                start.await();
                for (int request = 0; request < 1000; request++) {
                    plan.next("ListStacks");
                }
                return null;
            })).toList();
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(plan.injectedCount(Fault.THROTTLING)).isEqualTo(4000);
    }

    private static List<String> draw(FaultPlan plan, String action, int requests) {
        List<String> faults = new ArrayList<>();
        for (int request = 0; request < requests; request++) {
            faults.add(symbol(plan.next(action)));
        }
        return faults;
    }

    private static String symbol(Optional<Fault> fault) {
        return fault.map(value -> switch (value) {
            case THROTTLING -> "T";
            case SERVICE_UNAVAILABLE -> "5";
            case INTERNAL_FAILURE -> "E";
        }).orElse(".");
    }
}
