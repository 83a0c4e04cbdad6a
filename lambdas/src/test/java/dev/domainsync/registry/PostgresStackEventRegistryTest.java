package dev.domainsync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.domainsync.registry.AppliedStack.Outcome;
import dev.domainsync.registry.TestDatabase.ChangeRow;
import dev.domainsync.registry.TestDatabase.Mapping;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.StackReading;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange.Action;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.StagedPage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry's side of the event path: one stack's reading applied outside any run, never older over newer. */
class PostgresStackEventRegistryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-02-27T10:00:00Z");
    private static final Instant UPDATED = CREATED.plus(Duration.ofDays(1));
    private static final String SHOP = "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/5f3c0a10";
    private static final String BLOG = "arn:aws:cloudformation:eu-west-1:123456789012:stack/blog/77aa0b20";

    private final TestClock clock = new TestClock(T0);
    private TestDatabase testDb;
    private PostgresDomainRegistry runs;
    private PostgresStackEventRegistry events;

    @BeforeEach
    void setUp() {
        testDb = TestDatabases.migrated();
        runs = new PostgresDomainRegistry(testDb.database(), SyncSettings.defaults(), Duration.ofMinutes(30), clock);
        events = new PostgresStackEventRegistry(testDb.database());
    }

    @Test
    void createdStack_insertsItsMappingsAndLogsThemUnderTheEventAndItsExecution() {
        AppliedStack applied = events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");

        assertThat(applied.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(applied.changes()).extracting(change -> change.action() + " " + change.domainName())
                .containsExactly("INSERT shop.example.com");
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", SHOP, "shop"));
        assertThat(testDb.changeLog()).extracting(ChangeRow::runId, ChangeRow::source, ChangeRow::requestId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "event", "exec-1"));
        assertThat(testDb.claims()).extracting(TestDatabase.ClaimRow::stackCreatedAt).containsExactly(CREATED);
    }

    @Test
    void sameExecutionAgain_changesNothingMoreAndReturnsItsChanges() {
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");

        AppliedStack again = events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");

        assertThat(again.repeated()).isTrue();
        assertThat(again.changes()).hasSize(1);
        assertThat(testDb.changeLog()).hasSize(1);
    }

    @Test
    void updatedStack_replacesItsClaimsWithTheNewerVersion() {
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com", "old.example.com"), "exec-1");

        AppliedStack applied = events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"), "exec-2");

        assertThat(applied.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(applied.changes()).extracting(change -> change.action() + " " + change.domainName())
                .containsExactly("DELETE old.example.com", "UPDATE shop.example.com");
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-2", SHOP, "shop"));
    }

    @Test
    void olderReadingAfterANewerOne_isStaleAndChangesNothing() {
        events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"), "exec-2");

        AppliedStack late = events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");

        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(late.detail()).contains("older than version " + UPDATED);
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-2", SHOP, "shop"));
        assertThat(testDb.changeLog()).hasSize(1);
    }

    @Test
    void sameVersionFromAnotherExecution_isUnchanged() {
        events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"), "exec-1");

        AppliedStack duplicate = events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"),
                "exec-2");

        assertThat(duplicate.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(duplicate.repeated()).isFalse();
        assertThat(testDb.changeLog()).hasSize(1);
    }

    @Test
    void goneStack_losesItsClaims_theLoserTakesOver_andADeletionIsFinal() {
        events.applyStack(claims(BLOG, CREATED.plusSeconds(60), null, "g-blog", "shop.example.com"), "exec-1");
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-2");
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", SHOP, "shop"));

        AppliedStack removed = events.applyStack(StackReading.gone(SHOP, "shop", "DELETE_COMPLETE",
                StackReading.DELETED), "exec-3");
        AppliedStack lateCreate = events.applyStack(claims(SHOP, CREATED, UPDATED, "g-1", "shop.example.com"),
                "exec-4");
        AppliedStack goneAgain = events.applyStack(StackReading.gone(SHOP, null, null, StackReading.NOT_FOUND),
                "exec-5");

        assertThat(removed.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(removed.changes()).extracting(change -> change.action() + " " + change.newGroupId())
                .containsExactly("UPDATE g-blog");
        assertThat(lateCreate.outcome()).isEqualTo(Outcome.STALE);
        assertThat(lateCreate.detail()).contains("a deletion is final");
        assertThat(goneAgain.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-blog", BLOG, "blog"));
    }

    @Test
    void skippedStack_keepsItsClaims_ignoredStack_changesNothing() {
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");
        CandidateStack candidate = new CandidateStack(SHOP, "shop", CREATED, UPDATED);

        AppliedStack skipped = events.applyStack(StackReading.claims(StackExtract.skipped(candidate,
                SkipReason.BLANK_GROUP_PARAMETER, List.of()), "UPDATE_COMPLETE", UPDATED), "exec-2");
        AppliedStack ignored = events.applyStack(StackReading.ignored(SHOP, "shop", "UPDATE_ROLLBACK_FAILED",
                StackReading.NOT_LIVE), "exec-3");

        assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(ignored.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(ignored.detail()).isEqualTo(StackReading.NOT_LIVE);
        assertThat(testDb.mappings()).containsExactly(new Mapping("shop.example.com", "g-1", SHOP, "shop"));
        // The skip's version is recorded: the older reading that gave the claims can no longer come back.
        assertThat(events.applyStack(claims(SHOP, CREATED, null, "g-0", "shop.example.com"), "exec-4").outcome())
                .isEqualTo(Outcome.STALE);
    }

    @Test
    void eventWhileARunIsBetweenItsPages_theRunKeepsTheEventsNewerClaimsAndDoesNotPruneItsNewStack() {
        // The run lists shop as it was (g-1) and does not know blog, which is created after its listing.
        RunContext run = runs.startRun("run-1", T0, ExecutionInput.scheduled());
        StackExtract oldShop = StackExtract.claims(new CandidateStack(SHOP, "shop", CREATED, null), "g-1",
                List.of("shop.example.com"), List.of());
        runs.stagePage(new StagedPage(run.runId(), List.of(SHOP), List.of(), List.of(oldShop)));

        events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"), "exec-shop");
        events.applyStack(claims(BLOG, UPDATED, null, "g-blog", "blog.example.com"), "exec-blog");
        runs.applyRun(run.runId());

        assertThat(testDb.mappings()).containsExactly(
                new Mapping("blog.example.com", "g-blog", BLOG, "blog"),
                new Mapping("shop.example.com", "g-2", SHOP, "shop"));
    }

    @Test
    void runStartedAfterTheEvent_reconcilesTheStackAsUsual() {
        events.applyStack(claims(SHOP, CREATED, UPDATED, "g-2", "shop.example.com"), "exec-shop");

        // A later run sees the stack gone (whatever wrote it before the run started).
        RunContext run = runs.startRun("run-1", T0, new ExecutionInput(null, true, false, true, null));
        runs.stagePage(new StagedPage(run.runId(), List.of(), List.of(SHOP), List.of()));
        runs.applyRun(run.runId());

        assertThat(testDb.mappings()).isEmpty();
    }

    @Test
    void applyingAStack_waitsForTheTableLockThatApplyingARunTakes_butNeedsNoRunLease() throws SQLException {
        TestDatabases.execute("ALTER DATABASE " + testDb.name() + " SET lock_timeout = '300ms'");
        try (Connection run = DriverManager.getConnection(testDb.jdbcUrl() + "&currentSchema=" + TestDatabases.SCHEMA)) {
            run.setAutoCommit(false);
            ClaimsAndMappings.lock(run);

            Throwable thrown = catchThrowable(() -> events.applyStack(
                    claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1"));

            assertThat(thrown).isInstanceOf(DatabaseException.class).hasMessageContaining("SQLState 55P03");
            run.rollback();
        }
        runs.startRun("run-1", T0, ExecutionInput.scheduled());
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");
        assertThat(testDb.mappings()).hasSize(1);
    }

    @Test
    void changeLog_acceptsTheEventSource_andNamesIt() {
        events.applyStack(claims(SHOP, CREATED, null, "g-1", "shop.example.com"), "exec-1");

        assertThat(testDb.count("SELECT count(*) FROM mapping_changes WHERE source = 'event'"
                + " AND request_id = 'exec-1' AND action = '" + Action.INSERT + "'")).isEqualTo(1);
    }

    private static StackReading claims(String stackId, Instant created, Instant updated, String groupId,
            String... domains) {
        String name = stackId.replaceAll(".*:stack/([^/]+)/.*", "$1");
        StackExtract extract = StackExtract.claims(new CandidateStack(stackId, name, created, updated), groupId,
                List.of(domains), List.of());
        return StackReading.claims(extract, updated == null ? "CREATE_COMPLETE" : "UPDATE_COMPLETE",
                updated == null ? created : updated);
    }
}
