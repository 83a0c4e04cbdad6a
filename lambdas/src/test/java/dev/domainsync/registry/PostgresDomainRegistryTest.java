package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunMode;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresDomainRegistry}, the workflow's runs, against PostgreSQL: one nested class per step it serves (the
 * staging is {@link RunStagingTest}, the prune guard on apply {@link RunDeletionsTest}, the winners
 * {@link ClaimsAndMappingsTest}).
 *
 * <p>Over 400 lines: the four steps the registry serves each need their scenarios against a real database, and
 * splitting one step's scenarios over two classes would hide which step they prove.
 */
class PostgresDomainRegistryTest extends RegistryScenarios {

    @Nested
    class StartRun {

        @Test
        void firstRun_isABackfillFromTheEpoch() {
            RunContext run = registry.startRun("exec-1", T0, SCHEDULED);

            assertThat(run.runId()).isPositive();
            assertThat(run.executionId()).isEqualTo("exec-1");
            assertThat(run.startTime()).isEqualTo(T0);
            assertThat(run.mode()).isEqualTo(RunMode.BACKFILL);
            assertThat(run.since()).isEqualTo(Instant.EPOCH);
            assertThat(runStatus(run.runId())).isEqualTo("RUNNING");
        }

        @Test
        void afterSucceededRuns_isIncrementalFromTheLatestStartMinusTheOverlap() {
            syncAll(stack("a", 1, "g1", "a.example.com"));
            RunReport second = syncAll(stack("a", 1, "g1", "a.example.com"));

            RunContext third = start(SCHEDULED);

            assertThat(third.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(third.since()).isEqualTo(second.startTime().minus(Duration.ofHours(6)));
        }

        @Test
        void failedAndDryRuns_areNotPredecessors() {
            RunReport succeeded = syncAll(stack("a", 1, "g1", "a.example.com"));
            sync(new ExecutionInput(null, false, true, false, null), List.of(arn("a")), List.of());
            RunContext failed = start(SCHEDULED);
            registry.failRun(new RunFailure(failed.runId(), failed.executionId(), failed.startTime(), "Boom", "boom"));

            RunContext next = start(SCHEDULED);

            assertThat(next.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(next.since()).isEqualTo(succeeded.startTime().minus(Duration.ofHours(6)));
        }

        @Test
        void sinceRunThatLeftAGap_doesNotMoveTheIncrementalSince() {
            RunReport backfill = syncAll(stack("a", 1, "g1", "a.example.com"));
            // Started a day later but reading only its last hour: changes in between were never read.
            Instant lastHour = T0.plus(Duration.ofDays(2)).minus(Duration.ofHours(1));
            sync(new ExecutionInput(lastHour, false, false, false, null), List.of(arn("a")), List.of());

            RunContext next = start(SCHEDULED);

            assertThat(next.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(next.since()).isEqualTo(backfill.startTime().minus(Duration.ofHours(6)));
        }

        @Test
        void sinceRunReachingBackPastTheIncrementalSince_movesIt() {
            syncAll(stack("a", 1, "g1", "a.example.com"));
            RunReport reread = sync(new ExecutionInput(T0, false, false, false, null), List.of(arn("a")), List.of());

            RunContext next = start(SCHEDULED);

            assertThat(next.since()).isEqualTo(reread.startTime().minus(Duration.ofHours(6)));
        }

        @Test
        void firstRunGivenASince_isNoPredecessor_soTheNextRunIsABackfill() {
            sync(new ExecutionInput(T0, false, false, false, null), List.of(arn("a")), List.of());

            assertThat(start(SCHEDULED).mode()).isEqualTo(RunMode.BACKFILL);
        }

        @Test
        void explicitSince_isUsedAsGiven() {
            syncAll(stack("a", 1, "g1", "a.example.com"));
            Instant since = Instant.parse("2026-02-01T12:00:00Z");

            RunContext run = start(new ExecutionInput(since, false, false, false, "by hand"));

            assertThat(run.mode()).isEqualTo(RunMode.SINCE);
            assertThat(run.since()).isEqualTo(since);
        }

        @Test
        void backfillInput_readsFromTheEpochEvenAfterASucceededRun() {
            syncAll(stack("a", 1, "g1", "a.example.com"));

            RunContext run = start(new ExecutionInput(null, true, false, true, null));

            assertThat(run.mode()).isEqualTo(RunMode.BACKFILL);
            assertThat(run.since()).isEqualTo(Instant.EPOCH);
            assertThat(run.force()).isTrue();
        }

        @Test
        void sinceAfterTheStartTime_isInvalidInputAndRecordsNothing() {
            ExecutionInput input = new ExecutionInput(T0.plusSeconds(1), false, false, false, null);

            assertThatThrownBy(() -> registry.startRun("exec-1", T0, input))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'since'");
            assertThat(count("SELECT count(*) FROM sync_runs")).isZero();
        }

        @Test
        void startTimeMoreThanFiveMinutesAheadOfTheDatabaseClock_isClockSkewAndRecordsNothing() {
            Instant databaseNow = Instant.parse(text("SELECT to_char(now() AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));
            // The database's clock read to the second: 7 minutes from it are 6 and some seconds from its now().
            Instant ahead = databaseNow.plus(Duration.ofMinutes(7));

            assertThatThrownBy(() -> registry.startRun("exec-ahead", ahead, SCHEDULED))
                    .isExactlyInstanceOf(ClockSkewException.class)
                    .hasMessageStartingWith("the execution's start time " + ahead + " is 6 minutes ahead of the"
                            + " database's clock")
                    .hasMessageContaining("at most 5 minutes ahead");
            assertThat(count("SELECT count(*) FROM sync_runs")).isZero();
            assertThat(count("SELECT count(*) FROM run_lease")).isZero();
        }

        @Test
        void startTimeFourMinutesAheadOfTheDatabaseClock_isAccepted() {
            Instant databaseNow = Instant.parse(text("SELECT to_char(now() AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"));

            RunContext run = registry.startRun("exec-soon", databaseNow.plus(Duration.ofMinutes(4)), SCHEDULED);

            assertThat(runStatus(run.runId())).isEqualTo("RUNNING");
        }

        @Test
        void succeededRunRecordedWithALaterStartTime_isNoPredecessor() {
            // Recorded before the clock check existed: a run that claimed to start in 2030.
            RunReport backfill = syncAll(stack("a", 1, "g1", "a.example.com"));
            execute("""
                    INSERT INTO sync_runs (execution_id, status, mode, since, start_time)
                    VALUES ('exec-2030', 'SUCCEEDED', 'INCREMENTAL', '2029-12-31T18:00:00Z', '2030-01-01T00:00:00Z')""");

            RunContext next = start(SCHEDULED);

            assertThat(next.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(next.since()).isEqualTo(backfill.startTime().minus(Duration.ofHours(6)));
        }

        @Test
        void sameExecutionAgain_returnsTheSameRunEvenOnceFinished() {
            RunContext first = registry.startRun("exec-1", T0, SCHEDULED);

            RunContext again = registry.startRun("exec-1", T0, SCHEDULED);
            registry.applyRun(first.runId());
            RunContext afterApply = registry.startRun("exec-1", T0.plusSeconds(60), new ExecutionInput(
                    null, true, true, true, null));

            assertThat(again).isEqualTo(first);
            assertThat(afterApply).isEqualTo(first);
            assertThat(count("SELECT count(*) FROM sync_runs")).isEqualTo(1);
        }

        @Test
        void anotherExecutionHoldingTheLease_refusesNamingTheHolderAndExpiry() {
            registry.startRun("exec-A", T0, SCHEDULED);
            clock.advance(Duration.ofMinutes(29));

            assertThatThrownBy(() -> registry.startRun("exec-B", T0.plusSeconds(60), SCHEDULED))
                    .isInstanceOf(RunInProgressException.class)
                    .hasMessageContaining("execution exec-A")
                    .hasMessageContaining("until " + T0.plus(LEASE))
                    .hasMessageContaining("exec-B");
            assertThat(count("SELECT count(*) FROM sync_runs WHERE execution_id = 'exec-B'")).isZero();
        }

        @Test
        void expiredLease_isTakenOverAndTheOldRunCanNoLongerStageOrApply() {
            RunContext stale = registry.startRun("exec-A", T0, SCHEDULED);
            clock.advance(LEASE.plusSeconds(1));

            RunContext fresh = registry.startRun("exec-B", T0.plusSeconds(60), SCHEDULED);

            assertThat(fresh.runId()).isNotEqualTo(stale.runId());
            assertThatThrownBy(() -> registry.stagePage(page(stale, List.of(arn("a")))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is FAILED");
            assertThatThrownBy(() -> registry.applyRun(stale.runId()))
                    .isInstanceOf(IllegalStateException.class);
            Optional<String> error = testDb.database().inTransaction(connection -> Sql.first(connection,
                    "SELECT error FROM sync_runs WHERE run_id = ?", row -> row.getString("error"), stale.runId()));
            assertThat(error).as("the abandoned run is closed when its lease is taken over").contains("LeaseExpired");
        }

        @Test
        void stagingAPage_renewsTheLease() {
            RunContext run = registry.startRun("exec-A", T0, SCHEDULED);
            clock.advance(Duration.ofMinutes(20));
            registry.stagePage(page(run, List.of(arn("a"))));
            clock.advance(Duration.ofMinutes(20));

            assertThatThrownBy(() -> registry.startRun("exec-B", T0, SCHEDULED))
                    .isInstanceOf(RunInProgressException.class);
            clock.advance(Duration.ofMinutes(11));
            assertThat(registry.startRun("exec-B", T0, SCHEDULED).executionId()).isEqualTo("exec-B");
        }

        @Test
        void unreachableDatabase_isDatabaseUnavailable() {
            PostgresDomainRegistry offline = new PostgresDomainRegistry(TestDatabases.unreachable("pw-42-secret"),
                    SyncSettings.defaults(), LEASE, clock);

            Throwable thrown = catchThrowable(() -> offline.startRun("exec-1", T0, SCHEDULED));

            assertThat(thrown).isInstanceOf(DatabaseUnavailableException.class);
            assertThat(DatabaseTest.messages(thrown)).noneMatch(message -> message.contains("pw-42-secret"));
        }
    }

    @Nested
    class ApplyRun {

        @Test
        void firstListing_insertsTheWinningMappingsAndLogsEachInsert() {
            RunReport report = syncAll(
                    stack("a", 1, "g1", "a.example.com", "www.a.example.com"),
                    stack("b", 2, "g2", "b.example.com"));

            assertThat(mappings()).containsExactly(
                    mapping("a.example.com", "g1", "a"),
                    mapping("b.example.com", "g2", "b"),
                    mapping("www.a.example.com", "g1", "a"));
            assertThat(changeLog()).containsExactly(
                    new LoggedChange(report.runId(), insert("a.example.com", "g1", "a")),
                    new LoggedChange(report.runId(), insert("b.example.com", "g2", "b")),
                    new LoggedChange(report.runId(), insert("www.a.example.com", "g1", "a")));
            assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(report.mappingsInserted()).isEqualTo(3);
            assertThat(report.mappingsTotal()).isEqualTo(3);
            assertThat(report.changes()).containsExactly(insert("a.example.com", "g1", "a"),
                    insert("b.example.com", "g2", "b"), insert("www.a.example.com", "g1", "a"));
            assertThat(runStatus(report.runId())).isEqualTo("SUCCEEDED");
            assertThat(count("SELECT count(*) FROM run_stacks") + count("SELECT count(*) FROM run_claims")).isZero();
            assertThat(count("SELECT count(*) FROM run_lease")).isZero();
        }

        @Test
        void laterListing_updatesGroupsPrunesGoneStacksKeepsSkippedAndEmptiesInvalid() {
            RunReport first = syncAll(
                    stack("a", 1, "g1", "a.example.com"),
                    stack("b", 1, "g1", "b.example.com"),
                    stack("c", 1, "g1", "c.example.com"),
                    stack("d", 1, "g1", "d.example.com"),
                    stack("e", 1, "g1", "e.example.com"));

            // b is no longer listed at all, c is listed as DELETE_COMPLETE.
            RunReport second = sync(SCHEDULED, List.of(arn("a"), arn("d"), arn("e"), arn("f")), List.of(arn("c")),
                    stack("a", 1, "g2", "a.example.com"),
                    skipped("d", SkipReason.MISSING_GROUP_PARAMETER),
                    new StackExtract(arn("e"), "e", DAY_ONE, "g1", List.of(),
                            List.of(new InvalidDomain("bad..example.com", "empty label")), null),
                    stack("f", 3, "g3", "f.example.com"));

            assertThat(mappings()).containsExactly(
                    mapping("a.example.com", "g2", "a"),
                    mapping("d.example.com", "g1", "d"),
                    mapping("f.example.com", "g3", "f"));
            assertThat(claims()).extracting(Claim::stackId).containsExactly(arn("a"), arn("d"), arn("f"));
            List<MappingChange> expected = List.of(
                    new MappingChange("a.example.com", Action.UPDATE, "g1", "g2", arn("a"), arn("a"), "a", "a"),
                    delete("b.example.com", "g1", "b"),
                    delete("c.example.com", "g1", "c"),
                    delete("e.example.com", "g1", "e"),
                    insert("f.example.com", "g3", "f"));
            assertThat(changeLog()).filteredOn(change -> change.runId() == second.runId())
                    .extracting(LoggedChange::change)
                    .containsExactlyElementsOf(expected);
            assertThat(changeLog()).filteredOn(change -> change.runId() == first.runId()).hasSize(5);
            assertThat(second.changes()).containsExactlyElementsOf(expected);
            assertThat(second).extracting(RunReport::mode, RunReport::stacksListed, RunReport::stacksDeleted,
                            RunReport::candidates, RunReport::stacksWritten, RunReport::stacksSkipped,
                            RunReport::invalidDomains, RunReport::claims, RunReport::stacksPruned,
                            RunReport::mappingsInserted, RunReport::mappingsUpdated, RunReport::mappingsDeleted,
                            RunReport::mappingsTotal, RunReport::changesTruncated)
                    .containsExactly(RunMode.INCREMENTAL, 5, 1, 4, 3, 1, 1, 2, 2, 1, 1, 3, 3, false);
            assertThat(second.skippedByReason()).isEqualTo(Map.of(SkipReason.MISSING_GROUP_PARAMETER, 1));
        }

        @Test
        void apply_firstGivesThePlannerStatisticsOfTheRunsStagedRows() {
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a"), arn("b"), arn("c")),
                    stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com")));

            registry.applyRun(run.runId());

            // A new run id is one no statistics describe until the apply analyzes the staging it reads.
            assertThat(text(runIdStatistics("run_stacks"))).isEqualTo("{" + run.runId() + "}");
            assertThat(text(runIdStatistics("run_claims"))).isEqualTo("{" + run.runId() + "}");
        }

        @Test
        void apply_analyzesOnlyTheColumnsThePlannerFiltersAndJoinsOn() {
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a"), arn("b")), stack("a", 1, "g1", "a.example.com"),
                    skipped("b", SkipReason.BLANK_GROUP_PARAMETER)));

            registry.applyRun(run.runId());

            // V6: the staging's other columns carry no statistics target, so the apply's ANALYZE skips them.
            assertThat(text("""
                    SELECT string_agg(tablename || '.' || attname, ' ' ORDER BY tablename, attname) FROM pg_stats
                     WHERE schemaname = current_schema() AND tablename IN ('run_stacks', 'run_claims')"""))
                    .isEqualTo("run_claims.domain_name run_claims.run_id run_claims.stack_id run_stacks.listed "
                            + "run_stacks.outcome run_stacks.run_id run_stacks.stack_id");
        }

        @Test
        void stagedClaimWithoutItsStack_isNeverAppliedAndIsCleared() {
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a")), stack("a", 1, "g1", "a.example.com")));
            // No foreign key ties a staged claim to its staged stack (V6); every statement of the apply joins them.
            execute("INSERT INTO run_claims (run_id, stack_id, domain_name, group_id) VALUES (" + run.runId()
                    + ", '" + arn("ghost") + "', 'ghost.example.com', 'g9')");

            registry.applyRun(run.runId());

            assertThat(mappings()).containsExactly(mapping("a.example.com", "g1", "a"));
            assertThat(count("SELECT count(*) FROM domain_claims WHERE domain_name = 'ghost.example.com'")).isZero();
            assertThat(count("SELECT count(*) FROM run_claims")).isZero();
        }

        private static String runIdStatistics(String table) {
            return "SELECT most_common_vals::text FROM pg_stats WHERE schemaname = current_schema()"
                    + " AND tablename = '" + table + "' AND attname = 'run_id'";
        }

        @Test
        void appliedTwice_returnsTheSameReportAndChangesNothingMore() {
            syncAll(stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com"));
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a"), arn("c")), stack("c", 2, "g2", "c.example.com")));
            RunReport report = registry.applyRun(run.runId());
            List<Mapping> mappings = mappings();
            List<LoggedChange> changeLog = changeLog();

            RunReport again = registry.applyRun(run.runId());

            assertThat(again).isEqualTo(report);
            assertThat(mappings()).isEqualTo(mappings);
            assertThat(changeLog()).isEqualTo(changeLog);
        }

        @Test
        void failureDuringApply_changesNothingAndTheRunCanBeAppliedAgain() {
            syncAll(stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com"));
            Snapshot before = snapshot();
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a"), arn("c")), stack("a", 1, "g2", "a.example.com"),
                    stack("c", 2, "g2", "c.example.com")));
            execute("""
                    CREATE FUNCTION refuse_c() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.domain_name = 'c.example.com' THEN RAISE EXCEPTION 'injected failure'; END IF;
                        RETURN NEW;
                    END $$""");
            execute("CREATE TRIGGER refuse_c BEFORE INSERT ON domain_mappings FOR EACH ROW EXECUTE FUNCTION refuse_c()");

            assertThatThrownBy(() -> registry.applyRun(run.runId()))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("injected failure");

            assertThat(snapshot()).isEqualTo(before);
            assertThat(runStatus(run.runId())).isEqualTo("RUNNING");
            execute("DROP TRIGGER refuse_c ON domain_mappings");
            registry.applyRun(run.runId());
            assertThat(mappings()).containsExactly(mapping("a.example.com", "g2", "a"),
                    mapping("c.example.com", "g2", "c"));
        }

        @Test
        void connectionTerminatedDuringApply_isDatabaseUnavailableAndChangesNothing() {
            syncAll(stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com"));
            Snapshot before = snapshot();
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a"), arn("c")), stack("c", 2, "g2", "c.example.com")));
            execute("""
                    CREATE FUNCTION drop_connection() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM pg_terminate_backend(pg_backend_pid());
                        RETURN NEW;
                    END $$""");
            execute("CREATE TRIGGER drop_connection BEFORE INSERT ON domain_mappings"
                    + " FOR EACH ROW EXECUTE FUNCTION drop_connection()");

            assertThatThrownBy(() -> registry.applyRun(run.runId()))
                    .isInstanceOf(DatabaseUnavailableException.class);

            assertThat(snapshot()).isEqualTo(before);
            assertThat(runStatus(run.runId())).isEqualTo("RUNNING");
            execute("DROP TRIGGER drop_connection ON domain_mappings");
            assertThat(registry.applyRun(run.runId()).mappingsTotal()).isEqualTo(2);
        }

        @Test
        void failedRun_cannotBeApplied() {
            RunContext run = start(SCHEDULED);
            registry.failRun(new RunFailure(run.runId(), run.executionId(), run.startTime(), "Boom", "boom"));

            assertThatThrownBy(() -> registry.applyRun(run.runId()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("FAILED");
        }

        @Test
        void manyChanges_reportKeepsTheFirstByDomainAndSaysItIsTruncated() {
            String[] domains = IntStream.rangeClosed(0, RunReport.MAX_CHANGES)
                    .mapToObj(i -> String.format("d%03d.example.com", RunReport.MAX_CHANGES - i))
                    .toArray(String[]::new);

            RunReport report = syncAll(stack("a", 1, "g1", domains));

            assertThat(report.mappingsInserted()).isEqualTo(RunReport.MAX_CHANGES + 1);
            assertThat(report.changesTruncated()).isTrue();
            assertThat(report.changes()).hasSize(RunReport.MAX_CHANGES);
            assertThat(report.changes().get(0).domainName()).isEqualTo("d000.example.com");
            assertThat(report.changes()).extracting(MappingChange::domainName).isSorted();
        }

        @Test
        void domainClaimedByTwoStacks_isOneConflictAndKeepsBothClaims() {
            RunReport report = syncAll(stack("a", 1, "g1", "shared.example.com"),
                    stack("b", 2, "g2", "shared.example.com", "b.example.com"));

            assertThat(report.conflicts()).isEqualTo(1);
            assertThat(claims()).hasSize(3);
            assertThat(mappings()).contains(mapping("shared.example.com", "g1", "a"));
        }
    }

    @Nested
    class DryRun {

        @Test
        void dryRun_reportsTheChangesButChangesNothing() {
            syncAll(stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com"));
            Snapshot before = snapshot();

            RunReport report = sync(new ExecutionInput(null, false, true, false, null),
                    List.of(arn("a"), arn("c")), List.of(),
                    stack("a", 1, "g2", "a.example.com"), stack("c", 2, "g3", "c.example.com"));

            assertThat(report.status()).isEqualTo(RunStatus.DRY_RUN);
            assertThat(report.dryRun()).isTrue();
            assertThat(report.changes()).containsExactly(
                    new MappingChange("a.example.com", Action.UPDATE, "g1", "g2", arn("a"), arn("a"), "a", "a"),
                    delete("b.example.com", "g1", "b"),
                    insert("c.example.com", "g3", "c"));
            assertThat(report.mappingsTotal()).isEqualTo(2);
            assertThat(snapshot()).isEqualTo(before);
            assertThat(runStatus(report.runId())).isEqualTo("DRY_RUN");
            assertThat(count("SELECT count(*) FROM run_lease")).isZero();
            assertThat(registry.applyRun(report.runId())).isEqualTo(report);
        }

        @Test
        void previewOfAStagedDryRun_isTheWholeTableItWouldGive_andChangesNothing() {
            syncAll(stack("a", 1, "g1", "a.example.com"), stack("b", 1, "g1", "b.example.com"));
            Snapshot before = snapshot();
            RunContext run = start(new ExecutionInput(null, true, true, false, null));
            registry.stagePage(page(run, List.of(arn("a"), arn("c")),
                    stack("a", 1, "g2", "a.example.com"), stack("c", 2, "g3", "c.example.com")));

            List<DomainMapping> preview = registry.previewMappings(run.runId());

            assertThat(preview).containsExactly(
                    new DomainMapping("a.example.com", "g2", arn("a"), "a"),
                    new DomainMapping("c.example.com", "g3", arn("c"), "c"));
            assertThat(snapshot()).isEqualTo(before);
            RunReport report = registry.applyRun(run.runId());
            assertThat(report.mappingsTotal()).isEqualTo(preview.size());
            assertThat(report.changes()).hasSize(3);
            assertThat(snapshot()).isEqualTo(before);
        }
    }

    @Nested
    class FailRun {

        @Test
        void runningRun_isMarkedFailedItsLeaseReleasedAndItsStagingDeleted() {
            RunContext run = start(SCHEDULED);
            registry.stagePage(page(run, List.of(arn("a")), stack("a", 1, "g1", "a.example.com")));

            RunFailure recorded = registry.failRun(new RunFailure(run.runId(), run.executionId(), run.startTime(),
                    "States.TaskFailed", "CloudFormation said no"));

            assertThat(recorded.runId()).isEqualTo(run.runId());
            assertThat(runStatus(run.runId())).isEqualTo("FAILED");
            assertThat(text("SELECT error || ': ' || cause FROM sync_runs WHERE run_id = " + run.runId()))
                    .isEqualTo("States.TaskFailed: CloudFormation said no");
            assertThat(count("SELECT count(*) FROM run_stacks") + count("SELECT count(*) FROM run_claims")).isZero();
            assertThat(start(SCHEDULED).mode()).isEqualTo(RunMode.BACKFILL);
            assertThat(mappings()).isEmpty();
        }

        @Test
        void refusedExecution_isRecordedOnceAndTheHolderKeepsTheLease() {
            registry.startRun("exec-A", T0, SCHEDULED);
            RunFailure refused = new RunFailure(null, "exec-B", T0.plusSeconds(5),
                    RunInProgressException.class.getName(), "another run is in progress");

            RunFailure first = registry.failRun(refused);
            RunFailure second = registry.failRun(refused);

            assertThat(first.runId()).isNotNull();
            assertThat(second).isEqualTo(first);
            assertThat(count("SELECT count(*) FROM sync_runs WHERE execution_id = 'exec-B' AND status = 'FAILED'"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> registry.startRun("exec-C", T0, SCHEDULED))
                    .isInstanceOf(RunInProgressException.class)
                    .hasMessageContaining("exec-A");
        }

        @Test
        void withoutRunIdForAnExecutionThatHasARun_failsThatRun() {
            RunContext run = registry.startRun("exec-A", T0, SCHEDULED);

            RunFailure recorded = registry.failRun(new RunFailure(null, "exec-A", T0, "Boom", "boom"));

            assertThat(recorded.runId()).isEqualTo(run.runId());
            assertThat(runStatus(run.runId())).isEqualTo("FAILED");
            assertThat(count("SELECT count(*) FROM run_lease")).isZero();
        }

        @Test
        void finishedRun_isLeftAsItWas() {
            RunReport report = syncAll(stack("a", 1, "g1", "a.example.com"));

            RunFailure recorded = registry.failRun(new RunFailure(report.runId(), report.executionId(),
                    report.startTime(), "Late", "late failure"));

            assertThat(recorded.runId()).isEqualTo(report.runId());
            assertThat(runStatus(report.runId())).isEqualTo("SUCCEEDED");
            assertThat(count("SELECT count(*) FROM sync_runs WHERE error IS NOT NULL")).isZero();
        }

        @Test
        void longCause_isTruncated() {
            RunContext run = start(SCHEDULED);

            registry.failRun(new RunFailure(run.runId(), run.executionId(), run.startTime(), "Boom", "x".repeat(10_000)));

            assertThat(count("SELECT length(cause) FROM sync_runs WHERE run_id = " + run.runId()))
                    .isEqualTo(SyncRuns.MAX_CAUSE_LENGTH);
        }
    }
}
