package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link RunDeletions} measured inside applyRun and judged by the prune guard: every deleted mapping counts, whatever
 * its cause, and a run over the guard changes nothing unless forced.
 */
class RunDeletionsTest extends RegistryScenarios {

    @Nested
    class PruneGuardOnApply {

        @Test
        void pruningFortyOfOneHundred_isRefusedWithTheNumbersAndChangesNothing() {
            seed(100);
            Snapshot before = snapshot();
            RunContext run = start(SCHEDULED);
            registry.stagePage(new StagedPage(run.runId(), stackIds(60), List.of(), List.of()));

            assertThatThrownBy(() -> registry.applyRun(run.runId()))
                    .isInstanceOf(PruneGuardException.class)
                    .hasMessage("the run would delete 40 of 100 mappings (40%), above the 25% prune guard: 40 stacks"
                            + " are gone (deleted, or no longer listed) (40 mappings). Check with a dry run; start with"
                            + " {\"force\": true} (--force) to apply");
            assertThat(snapshot()).isEqualTo(before);
            assertThat(runStatus(run.runId())).isEqualTo("RUNNING");
        }

        @Test
        void dryRunPastTheGuard_reportsTheRefusalInsteadOfFailing_andChangesNothing() {
            seed(100);
            Snapshot before = snapshot();
            RunContext run = start(new ExecutionInput(null, false, true, false, null));
            registry.stagePage(new StagedPage(run.runId(), stackIds(60), List.of(), List.of()));

            RunReport report = registry.applyRun(run.runId());

            assertThat(report.status()).isEqualTo(RunStatus.DRY_RUN);
            assertThat(report.mappingsDeleted()).isEqualTo(40);
            assertThat(report.pruneGuardWarning()).startsWith("the run would delete 40 of 100 mappings (40%)");
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        void forcedRun_prunesPastTheGuard() {
            seed(100);
            RunContext run = start(new ExecutionInput(null, false, false, true, null));
            registry.stagePage(new StagedPage(run.runId(), stackIds(60), List.of(), List.of()));

            RunReport report = registry.applyRun(run.runId());

            assertThat(report.stacksPruned()).isEqualTo(40);
            assertThat(report.mappingsDeleted()).isEqualTo(40);
            assertThat(mappings()).hasSize(60);
        }

        @Test
        void pruningTenOrFewerMappings_neverTripsTheGuard() {
            seed(20);
            RunContext run = start(SCHEDULED);
            registry.stagePage(new StagedPage(run.runId(), stackIds(10), List.of(), List.of()));

            assertThat(registry.applyRun(run.runId()).mappingsDeleted()).isEqualTo(10);
        }

        @Test
        void pruningElevenOfOneHundred_staysUnderTheGuard() {
            seed(100);
            RunContext run = start(SCHEDULED);
            registry.stagePage(new StagedPage(run.runId(), stackIds(89), List.of(), List.of()));

            assertThat(registry.applyRun(run.runId()).mappingsDeleted()).isEqualTo(11);
        }

        @Test
        void prunedDomainStillClaimedByAnotherStack_doesNotCountAsRemoved() {
            List<StackExtract> stacks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String domain = "d" + i + ".example.com";
                stacks.add(stack("old" + i, 1, "g1", domain));
                stacks.add(stack("new" + i, 2, "g2", domain));
            }
            syncAll(stacks.toArray(StackExtract[]::new));
            RunContext run = start(SCHEDULED);
            List<String> newOnly = IntStream.range(0, 40).mapToObj(i -> arn("new" + i)).toList();
            registry.stagePage(new StagedPage(run.runId(), newOnly, List.of(), List.of()));

            RunReport report = registry.applyRun(run.runId());

            assertThat(report.stacksPruned()).isEqualTo(40);
            assertThat(report.mappingsUpdated()).isEqualTo(40);
            assertThat(report.mappingsDeleted()).isZero();
        }

        @Test
        void fortyPercentOfStacksUpdatedToOnlyInvalidDomains_isRefusedNamingTheCause_andChangesNothing() {
            seed(100);
            Snapshot before = snapshot();
            RunContext run = start(SCHEDULED);
            registry.stagePage(new StagedPage(run.runId(), stackIds(100), List.of(), badRollOut(40)));

            assertThatThrownBy(() -> registry.applyRun(run.runId()))
                    .isInstanceOf(PruneGuardException.class)
                    .hasMessageStartingWith("the run would delete 40 of 100 mappings (40%), above the 25% prune"
                            + " guard: 40 updated stacks now carry only invalid domains (40 mappings).");
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        void fortyPercentOfStacksUpdatedToOnlyInvalidDomains_dryRun_reportsTheRefusal() {
            seed(100);
            Snapshot before = snapshot();
            RunContext run = start(new ExecutionInput(null, false, true, false, null));
            registry.stagePage(new StagedPage(run.runId(), stackIds(100), List.of(), badRollOut(40)));

            RunReport report = registry.applyRun(run.runId());

            assertThat(report.status()).isEqualTo(RunStatus.DRY_RUN);
            assertThat(report.pruneGuardWarning()).startsWith("the run would delete 40 of 100 mappings (40%), above"
                    + " the 25% prune guard: 40 updated stacks now carry only invalid domains (40 mappings).");
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        void fortyPercentOfStacksUpdatedToOnlyInvalidDomains_forced_isApplied() {
            seed(100);
            RunContext run = start(new ExecutionInput(null, false, false, true, null));
            registry.stagePage(new StagedPage(run.runId(), stackIds(100), List.of(), badRollOut(40)));

            RunReport report = registry.applyRun(run.runId());

            assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(report.mappingsDeleted()).isEqualTo(40);
            assertThat(mappings()).hasSize(60);
        }

        @Test
        void deletionsOfEveryCause_addUpAgainstTheGuard_andAreNamedLargestFirst() {
            syncAll(IntStream.range(0, 40)
                    .mapToObj(i -> stack("s" + i, 1, "g1", "s" + i + ".example.com", "t" + i + ".example.com"))
                    .toArray(StackExtract[]::new));
            RunContext run = start(SCHEDULED);
            List<StackExtract> updated = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Kept one domain, dropped the other from the parameter.
                updated.add(stack("s" + i, 1, "g1", "s" + i + ".example.com"));
            }
            for (int i = 4; i < 10; i++) {
                // Kept one domain, the other is now an invalid name.
                updated.add(StackExtract.claims(candidate("s" + i, 1), "g1", List.of("s" + i + ".example.com"),
                        List.of(new InvalidDomain("t" + i + "..example.com", "empty label"))));
            }
            List<String> listed = IntStream.range(0, 37).mapToObj(i -> arn("s" + i)).toList();
            registry.stagePage(new StagedPage(run.runId(), listed, List.of(), updated));

            // 4 dropped + 6 now invalid + 3 stacks gone with 2 each = 16 of 80 (20%): under the guard by share.
            RunReport report = registry.applyRun(run.runId());

            assertThat(report.mappingsDeleted()).isEqualTo(16);
            RunContext next = start(SCHEDULED);
            List<StackExtract> emptied = IntStream.range(10, 20)
                    .mapToObj(i -> StackExtract.claims(candidate("s" + i, 1), "g1", List.of(),
                            List.of(new InvalidDomain("bad name", "not a host name"))))
                    .toList();
            registry.stagePage(new StagedPage(next.runId(), listed.subList(0, 30), List.of(), emptied));
            assertThatThrownBy(() -> registry.applyRun(next.runId()))
                    .isInstanceOf(PruneGuardException.class)
                    .hasMessageStartingWith("the run would delete 34 of 64 mappings (53%), above the 25% prune guard:"
                            + " 10 updated stacks now carry only invalid domains (20 mappings);"
                            + " 7 stacks are gone (deleted, or no longer listed) (14 mappings).");
        }

        /** Stacks s0 to s{count-1} updated so that their domain parameter holds only invalid names. */
        private List<StackExtract> badRollOut(int count) {
            return IntStream.range(0, count)
                    .mapToObj(i -> StackExtract.claims(candidate("s" + i, 1), "g1", List.of(),
                            List.of(new InvalidDomain("s" + i + "_example_com", "not a host name"))))
                    .toList();
        }

        private void seed(int stacks) {
            syncAll(IntStream.range(0, stacks)
                    .mapToObj(i -> stack("s" + i, 1, "g1", "s" + i + ".example.com"))
                    .toArray(StackExtract[]::new));
        }

        private List<String> stackIds(int firstStacks) {
            return IntStream.range(0, firstStacks).mapToObj(i -> arn("s" + i)).toList();
        }
    }
}
