package dev.domainsync.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.json.Json;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.MappingChange;
import dev.domainsync.run.RunContext;
import dev.domainsync.run.RunFailure;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.RunStatus;
import dev.domainsync.run.StagedCounts;
import dev.domainsync.run.StagedPage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link DomainRegistry}, the workflow's runs: the run lease, the staging, applying a run to the
 * claims and {@code domain_mappings} over the shared claim SQL of {@link ClaimsAndMappings}, and failing a run, each
 * call one transaction. The custom resource's registrations are {@link PostgresStackClaims}, the event path's
 * stacks {@link PostgresStackEventRegistry}.
 */
public final class PostgresDomainRegistry implements DomainRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDomainRegistry.class);

    /** How far a run's start time may be ahead of the database's clock. */
    static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(5);

    private final Database db;
    private final SyncSettings settings;
    private final PruneGuard pruneGuard;
    private final Duration leaseDuration;
    private final Clock clock;
    private final SchemaMigration migration;

    /**
     * A registry on {@code db}, whose schema is already migrated; {@code clock} times the run lease only, the
     * runs use their executions' times.
     */
    public PostgresDomainRegistry(Database db, SyncSettings settings, Duration leaseDuration, Clock clock) {
        this(db, settings, leaseDuration, clock, true);
    }

    private PostgresDomainRegistry(Database db, SyncSettings settings, Duration leaseDuration, Clock clock,
            boolean migrated) {
        this.db = Objects.requireNonNull(db, "db");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pruneGuard = new PruneGuard(settings.pruneGuardPercent(), PruneGuard.DEFAULT_MIN_MAPPINGS);
        this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.migration = new SchemaMigration(db, migrated);
    }

    /**
     * The registry that a Lambda builds from its environment. It connects nothing until its first call (so a
     * SnapStart snapshot holds no connection), and migrates the schema before the first run it starts.
     */
    public static PostgresDomainRegistry migratingOnFirstUse(Database db, SyncSettings settings,
            Duration leaseDuration) {
        return new PostgresDomainRegistry(db, settings, leaseDuration, Clock.systemUTC(), false);
    }

    @Override
    public RunContext startRun(String executionId, Instant startTime, ExecutionInput input) {
        InvalidInputException.require(executionId, "executionId");
        InvalidInputException.require(startTime, "startTime");
        InvalidInputException.require(input, "input");
        if (input.since() != null && input.since().isAfter(startTime)) {
            throw new InvalidInputException("execution input: 'since' (" + input.since()
                    + ") is after the execution's start time (" + startTime + ")");
        }
        migration.ensure();
        return db.inTransaction(connection -> {
            refuseStartAhead(connection, executionId, startTime);
            Optional<SyncRuns.StoredRun> existing = SyncRuns.byExecutionId(connection, executionId);
            if (existing.isPresent()) {
                LOG.info("Execution {} already started run {} ({}); returning it", executionId,
                        existing.get().runId(), existing.get().status());
                return existing.get().context();
            }
            Since since = Since.decide(input, startTime, settings.overlap(), SyncRuns.succeeded(connection));
            Optional<SyncRuns.StoredRun> inserted =
                    SyncRuns.insertRunning(connection, executionId, startTime, since.since(), since.mode(), input);
            if (inserted.isEmpty()) {
                // A duplicate delivery of the same StartRun committed first.
                return SyncRuns.byExecutionId(connection, executionId).orElseThrow().context();
            }
            RunContext run = inserted.get().context();
            Instant now = clock.instant();
            Optional<Long> abandoned = RunLease.hold(connection, run.runId(), executionId, now, now.plus(leaseDuration));
            if (abandoned.isPresent()) {
                // Its execution never reached FailRun; close it so that the audit shows how it ended.
                SyncRuns.markFailed(connection, abandoned.get(), "LeaseExpired", "the run lease expired and run "
                        + run.runId() + " of execution " + executionId + " took it over");
                RunStaging.clear(connection, abandoned.get());
                LOG.warn("Run {} had let its lease expire; run {} took it over and marked it failed", abandoned.get(),
                        run.runId());
            }
            LOG.info("Execution {} started run {}: mode {}, since {}, dryRun {}, force {}", executionId, run.runId(),
                    run.mode(), run.since(), run.dryRun(), run.force());
            return run;
        });
    }

    @Override
    public StagedCounts stagePage(StagedPage page) {
        Map<String, StackExtract> extracts = validExtracts(page);
        return db.inTransaction(connection -> {
            SyncRuns.StoredRun run = runningRun(connection, page.runId());
            renewLease(connection, run);
            RunStaging.stageExisting(connection, run.runId(), page.existingStackIds());
            RunStaging.stageDeleted(connection, run.runId(), page.deletedStackIds());
            RunStaging.stageExtracts(connection, run.runId(), extracts.values());
            StagedCounts counts = RunStaging.totals(connection, run.runId()).staged(run.runId());
            LOG.info("Run {} staged a page of {} existing, {} deleted and {} candidate stacks; so far {} listed, "
                            + "{} changed, {} skipped, {} claims", run.runId(), page.existingStackIds().size(),
                    page.deletedStackIds().size(), extracts.size(), counts.stacksListed(), counts.stacksChanged(),
                    counts.stacksSkipped(), counts.claims());
            return counts;
        });
    }

    @Override
    public RunReport applyRun(long runId) {
        return db.inTransaction(connection -> {
            SyncRuns.StoredRun run = SyncRuns.lock(connection, runId, true);
            if (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.DRY_RUN) {
                LOG.info("Run {} is already {}; returning its report", runId, run.status());
                return readReport(run);
            }
            requireRunning(run);
            renewLease(connection, run);
            ClaimsAndMappings.lock(connection);
            RunReport report;
            if (run.dryRun()) {
                Savepoint beforeApply = connection.setSavepoint("dry_run");
                report = apply(connection, run.context(), RunStatus.DRY_RUN);
                connection.rollback(beforeApply);
            } else {
                report = apply(connection, run.context(), RunStatus.SUCCEEDED);
            }
            SyncRuns.markFinished(connection, runId, report.status(), json(report));
            RunLease.release(connection, runId);
            RunStaging.clear(connection, runId);
            LOG.info("Run {} of execution {} is {}: {} stacks listed, {} written, {} skipped, {} pruned; mappings "
                            + "{} inserted, {} updated, {} deleted, {} in total", runId, run.executionId(),
                    report.status(), report.stacksListed(), report.stacksWritten(), report.stacksSkipped(),
                    report.stacksPruned(), report.mappingsInserted(), report.mappingsUpdated(),
                    report.mappingsDeleted(), report.mappingsTotal());
            return report;
        });
    }

    @Override
    public RunFailure failRun(RunFailure failure) {
        InvalidInputException.require(failure, "failure");
        InvalidInputException.require(failure.executionId(), "executionId");
        return db.inTransaction(connection -> {
            Optional<SyncRuns.StoredRun> run = failure.runId() != null
                    ? Optional.of(SyncRuns.lock(connection, failure.runId(), true))
                    : SyncRuns.byExecutionId(connection, failure.executionId());
            if (run.isEmpty()) {
                Optional<Long> inserted = SyncRuns.insertRefused(connection, failure);
                // Empty only when a duplicate delivery of the same FailRun committed first.
                long runId = inserted.isPresent()
                        ? inserted.get()
                        : SyncRuns.byExecutionId(connection, failure.executionId()).orElseThrow().runId();
                LOG.warn("Execution {} failed before it started a run; recorded as run {}: {}",
                        failure.executionId(), runId, failure.error());
                return withRunId(failure, runId);
            }
            long runId = run.get().runId();
            if (run.get().status() != RunStatus.RUNNING) {
                LOG.info("Run {} is already {}; the failure of execution {} changes nothing", runId,
                        run.get().status(), failure.executionId());
                return withRunId(failure, runId);
            }
            SyncRuns.markFailed(connection, runId, failure.error(), failure.cause());
            RunLease.release(connection, runId);
            RunStaging.clear(connection, runId);
            LOG.warn("Run {} of execution {} failed: {}", runId, failure.executionId(), failure.error());
            return withRunId(failure, runId);
        });
    }

    /**
     * Every row that {@code domain_mappings} would hold once this staged run is applied, by domain name: the run is
     * applied exactly as {@link #applyRun} applies it, read, and rolled back, so nothing anyone sees changes and the
     * run stays staged for its own PruneDeleted. {@code domain-sync compare} uses it, since a run report carries
     * at most {@link RunReport#MAX_CHANGES} changes.
     */
    public List<DomainMapping> previewMappings(long runId) {
        return db.inTransaction(connection -> {
            SyncRuns.StoredRun run = runningRun(connection, runId);
            ClaimsAndMappings.lock(connection);
            Savepoint beforeApply = connection.setSavepoint("preview");
            apply(connection, run.context(), RunStatus.DRY_RUN);
            List<DomainMapping> mappings = Sql.list(connection, """
                    SELECT domain_name, group_id, stack_id, stack_name FROM domain_mappings
                     ORDER BY domain_name COLLATE "C\"""",
                    row -> new DomainMapping(row.getString("domain_name"), row.getString("group_id"),
                            row.getString("stack_id"), row.getString("stack_name")));
            connection.rollback(beforeApply);
            return mappings;
        });
    }

    /** Steps (a) to (e) of applying a run; the caller marks the run and, for a dry run, rolls them back. */
    private RunReport apply(Connection connection, RunContext run, RunStatus status) throws SQLException {
        long runId = run.runId();
        RunStaging.analyze(connection);
        int mappingsBefore = ClaimsAndMappings.mappings(connection);
        ClaimsAndMappings.replaceChangedClaims(connection, runId);
        int stacksPruned = ClaimsAndMappings.pruneGoneStacks(connection, runId);
        ClaimsAndMappings.recomputeMappings(connection, runId);
        // Measured on the final diff, so every deletion counts: stacks gone, and updated stacks that lost domains.
        Optional<String> pruneGuardWarning = checkPruneGuard(run,
                RunDeletions.measure(connection, runId, mappingsBefore));

        RunStaging.Totals staged = RunStaging.totals(connection, runId);
        List<MappingChange> changes = ClaimsAndMappings.changes(connection, runId, RunReport.MAX_CHANGES + 1);
        boolean truncated = changes.size() > RunReport.MAX_CHANGES;
        return new RunReport(run, status, staged.listing(),
                staged.extracts(RunStaging.skippedByReason(connection, runId)),
                new RunReport.ClaimTable(stacksPruned, ClaimsAndMappings.conflicts(connection)),
                RunReport.MappingCounts.afterChanges(ClaimsAndMappings.changeCounts(connection, runId),
                        mappingsBefore),
                truncated ? changes.subList(0, RunReport.MAX_CHANGES) : changes,
                truncated,
                pruneGuardWarning.orElse(null));
    }

    /**
     * Refuses a run that would delete more mappings than the guard allows, unless forced; a dry run is not refused
     * but gets the refusal as a warning in its report, since a dry run computes and reports everything.
     */
    private Optional<String> checkPruneGuard(RunContext run, RunDeletions deletions) {
        PruneGuard.Decision decision = pruneGuard.decide(deletions, run.force(), run.dryRun());
        switch (decision.verdict()) {
            case WITHIN -> {
                return Optional.empty();
            }
            case FORCED -> {
                LOG.warn("Run {} is forced past the prune guard: it deletes {} of {} mappings ({}%)", run.runId(),
                        deletions.mappings(), deletions.mappingsBefore(), deletions.share());
                return Optional.empty();
            }
            case REPORTED -> {
                LOG.warn("Dry run {} would be refused by the prune guard: {}", run.runId(), decision.refusal());
                return Optional.of(decision.refusal());
            }
            default -> {
                LOG.warn("Run {} refused by the prune guard: it would delete {} of {} mappings ({}%)", run.runId(),
                        deletions.mappings(), deletions.mappingsBefore(), deletions.share());
                throw new PruneGuardException(decision.refusal());
            }
        }
    }

    /**
     * Refuses a start time more than {@link #MAX_CLOCK_AHEAD} ahead of the database's {@code now()}: recorded as a
     * successful run, it would be the {@code since} of every later run, which would then find nothing.
     */
    private static void refuseStartAhead(Connection connection, String executionId, Instant startTime)
            throws SQLException {
        Instant databaseNow = SyncRuns.databaseNow(connection);
        if (startTime.isAfter(databaseNow.plus(MAX_CLOCK_AHEAD))) {
            LOG.warn("Execution {} refused: its start time {} is ahead of the database's clock {}", executionId,
                    startTime, databaseNow);
            throw new ClockSkewException("the execution's start time " + startTime + " is "
                    + roughly(Duration.between(databaseNow, startTime)) + " ahead of the database's clock ("
                    + databaseNow + "); a run may start at most " + MAX_CLOCK_AHEAD.toMinutes() + " minutes ahead"
                    + " of it, or its start would become every later run's since. No run was started; check the"
                    + " clocks, or --now");
        }
    }

    private static String roughly(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 2 * 24 * 60 ? minutes / (24 * 60) + " days"
                : minutes >= 2 * 60 ? minutes / 60 + " hours"
                : minutes + " minutes";
    }

    private static SyncRuns.StoredRun runningRun(Connection connection, long runId) throws SQLException {
        SyncRuns.StoredRun run = SyncRuns.lock(connection, runId, false);
        requireRunning(run);
        return run;
    }

    private static void requireRunning(SyncRuns.StoredRun run) {
        if (run.status() != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + run.runId() + " of execution " + run.executionId() + " is "
                    + run.status() + "; only a RUNNING run can stage pages or be applied");
        }
    }

    private void renewLease(Connection connection, SyncRuns.StoredRun run) throws SQLException {
        Instant now = clock.instant();
        RunLease.hold(connection, run.runId(), run.executionId(), now, now.plus(leaseDuration));
    }

    private static Map<String, StackExtract> validExtracts(StagedPage page) {
        // The last extract of a stack wins, as a re-delivered page would have it.
        Map<String, StackExtract> extracts = new LinkedHashMap<>();
        for (int i = 0; i < page.stacks().size(); i++) {
            StackExtract extract = page.stacks().get(i);
            String field = "stacks[" + i + "]";
            InvalidInputException.require(extract, field);
            InvalidInputException.require(extract.stackId(), field + ".stackId");
            if (!extract.isSkipped()) {
                InvalidInputException.require(extract.stackName(), field + ".stackName");
                InvalidInputException.require(extract.creationTime(), field + ".creationTime");
                InvalidInputException.require(extract.groupId(), field + ".groupId");
            }
            extracts.put(extract.stackId(), extract);
        }
        return extracts;
    }

    private static RunFailure withRunId(RunFailure failure, long runId) {
        return new RunFailure(runId, failure.executionId(), failure.startTime(), failure.error(), failure.cause());
    }

    private static String json(RunReport report) {
        try {
            return Json.mapper().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report of run " + report.runId(), e);
        }
    }

    private static RunReport readReport(SyncRuns.StoredRun run) {
        String report = run.reportJson().orElseThrow(() -> new IllegalStateException(
                "run " + run.runId() + " is " + run.status() + " but has no stored report"));
        try {
            return Json.mapper().readValue(report, RunReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored report of run " + run.runId() + " cannot be read", e);
        }
    }
}
