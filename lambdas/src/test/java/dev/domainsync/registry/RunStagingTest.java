package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link RunStaging} through the registry's stagePage: pages staged idempotently and cumulatively. */
class RunStagingTest extends RegistryScenarios {

    @Nested
    class StagePage {

        @Test
        void samePageTwice_isStagedOnce() {
            RunContext run = start(SCHEDULED);
            StagedPage page = new StagedPage(run.runId(), List.of(arn("a"), arn("b"), arn("c")), List.of(arn("old")),
                    List.of(stack("a", 1, "g1", "a.example.com", "www.a.example.com"),
                            skipped("b", SkipReason.BLANK_GROUP_PARAMETER)));

            StagedCounts first = registry.stagePage(page);
            StagedCounts second = registry.stagePage(page);

            assertThat(first).isEqualTo(new StagedCounts(run.runId(), 4, 1, 1, 2));
            assertThat(second).isEqualTo(first);
            assertThat(registry.applyRun(run.runId()).mappingsTotal()).isEqualTo(2);
        }

        @Test
        void pages_addUpToCumulativeCounts() {
            RunContext run = start(SCHEDULED);

            registry.stagePage(new StagedPage(run.runId(), List.of(arn("a"), arn("b")), List.of(),
                    List.of(stack("a", 1, "g1", "a.example.com"))));
            StagedCounts counts = registry.stagePage(new StagedPage(run.runId(), List.of(arn("c")), List.of(arn("d")),
                    List.of(stack("c", 1, "g1", "c.example.com", "www.c.example.com"))));

            assertThat(counts).isEqualTo(new StagedCounts(run.runId(), 4, 2, 0, 3));
        }

        @Test
        void restagedStack_replacesWhatItStagedBefore() {
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a")), stack("a", 1, "g1", "x.example.com", "y.example.com")));

            registry.stagePage(page(run, List.of(arn("a")), stack("a", 1, "g2", "x.example.com")));
            registry.applyRun(run.runId());

            assertThat(claims()).containsExactly(new Claim(arn("a"), "x.example.com", "g2"));
        }

        @Test
        void stackShownAliveOnOnePageAndDeletedOnAnother_staysAlive() {
            syncAll(stack("a", 1, "g1", "a.example.com"));
            RunContext run = start(SCHEDULED);

            registry.stagePage(new StagedPage(run.runId(), List.of(arn("a")), List.of(), List.of()));
            registry.stagePage(new StagedPage(run.runId(), List.of(), List.of(arn("a")), List.of()));
            RunReport report = registry.applyRun(run.runId());

            assertThat(report.stacksPruned()).isZero();
            assertThat(mappings()).containsExactly(mapping("a.example.com", "g1", "a"));
        }

        @Test
        void finishedOrUnknownRun_isIllegalState() {
            RunReport finished = syncAll(stack("a", 1, "g1", "a.example.com"));

            assertThatThrownBy(() -> registry.stagePage(new StagedPage(finished.runId(), List.of(arn("a")), null, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + finished.runId())
                    .hasMessageContaining("SUCCEEDED");
            assertThatThrownBy(() -> registry.stagePage(new StagedPage(999, List.of(arn("a")), null, null)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run 999 does not exist");
        }

        @Test
        void changedStackWithoutCreationTime_isInvalidInput() {
            RunContext run = start(SCHEDULED);
            StackExtract broken = new StackExtract(arn("a"), "a", null, "g1", List.of("a.example.com"), null, null);

            assertThatThrownBy(() -> registry.stagePage(page(run, List.of(arn("a")), broken)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("stacks[0].creationTime");
        }
    }
}
