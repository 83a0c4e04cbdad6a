package dev.domainsync.registry;

import dev.domainsync.json.InvalidInputException;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.StackReading;
import dev.domainsync.run.MappingChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link StackEventRegistry}: each call one transaction under the claims lock that applying a run
 * takes, over the shared claim SQL of {@link ClaimsAndMappings}, with the versions in {@code event_stack_versions}.
 */
public final class PostgresStackEventRegistry implements StackEventRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStackEventRegistry.class);

    private final Database db;
    private final SchemaMigration migration;

    /** A registry on {@code db}, whose schema is already migrated. */
    public PostgresStackEventRegistry(Database db) {
        this(db, true);
    }

    private PostgresStackEventRegistry(Database db, boolean migrated) {
        this.db = Objects.requireNonNull(db, "db");
        this.migration = new SchemaMigration(db, migrated);
    }

    /**
     * The registry that a Lambda builds from its environment: it connects nothing until its first call and migrates
     * the schema before the first stack it applies (an event may come before any run).
     */
    public static PostgresStackEventRegistry migratingOnFirstUse(Database db) {
        return new PostgresStackEventRegistry(db, false);
    }

    @Override
    public AppliedStack applyStack(StackReading reading, String executionId) {
        InvalidInputException.require(reading, "reading");
        InvalidInputException.require(executionId, "executionId");
        migration.ensure();
        return db.inTransaction(connection -> {
            ClaimsAndMappings.lock(connection);
            ChangeSource source = ChangeSource.event(executionId);
            Optional<EventStackVersions.Applied> applied = EventStackVersions.find(connection, reading.stackId());
            if (applied.isPresent() && applied.get().executionId().equals(executionId)) {
                LOG.info("Execution {} already applied stack {}; returning its changes", executionId,
                        reading.stackId());
                return outcome(connection, reading, AppliedStack.Outcome.UNCHANGED, "already applied by this "
                        + "execution", source, true);
            }
            AppliedStack outcome = switch (reading.verdict()) {
                case IGNORED -> outcome(connection, reading, AppliedStack.Outcome.IGNORED, reading.reason(), source,
                        false);
                case GONE -> gone(connection, reading, applied, source);
                case CLAIMS, SKIPPED -> live(connection, reading, applied, source);
            };
            LOG.info("Execution {} applied stack {} ({} {}): {} ({}), {} mapping changes", executionId,
                    reading.stackId(), reading.verdict(), reading.stackStatus(), outcome.outcome(), outcome.detail(),
                    outcome.changes().size());
            return outcome;
        });
    }

    private static AppliedStack gone(Connection connection, StackReading reading,
            Optional<EventStackVersions.Applied> applied, ChangeSource source) throws SQLException {
        if (applied.isPresent() && applied.get().gone()) {
            return outcome(connection, reading, AppliedStack.Outcome.UNCHANGED,
                    "already gone since " + applied.get().goneAt(), source, false);
        }
        List<String> removed = ClaimsAndMappings.removeStackClaims(connection, reading.stackId());
        ClaimsAndMappings.recomputeMappings(connection, source, removed);
        EventStackVersions.saveGone(connection, reading.stackId(), source.requestId());
        return outcome(connection, reading, AppliedStack.Outcome.REMOVED,
                reading.reason() + ": " + removed.size() + " claims removed", source, false);
    }

    private static AppliedStack live(Connection connection, StackReading reading,
            Optional<EventStackVersions.Applied> applied, ChangeSource source) throws SQLException {
        if (applied.isPresent() && applied.get().gone()) {
            return outcome(connection, reading, AppliedStack.Outcome.STALE,
                    "the stack is gone since " + applied.get().goneAt() + "; a deletion is final", source, false);
        }
        if (applied.isPresent() && applied.get().versionTime() != null
                && !reading.versionTime().isAfter(applied.get().versionTime())) {
            boolean same = reading.versionTime().equals(applied.get().versionTime());
            return outcome(connection, reading, same ? AppliedStack.Outcome.UNCHANGED : AppliedStack.Outcome.STALE,
                    "version " + reading.versionTime() + (same ? " is already applied" : " is older than version "
                            + applied.get().versionTime() + ", already applied"), source, false);
        }
        StackExtract extract = reading.extract();
        if (reading.verdict() == StackReading.Verdict.SKIPPED) {
            EventStackVersions.saveVersion(connection, reading.stackId(), reading.versionTime(), source.requestId());
            return outcome(connection, reading, AppliedStack.Outcome.SKIPPED,
                    extract.skipReason() + ": its claims stay as they were", source, false);
        }
        Set<String> affected = ClaimsAndMappings.replaceStackClaims(connection, reading.stackId(),
                extract.stackName(), extract.creationTime(), extract.groupId(), extract.domains());
        ClaimsAndMappings.recomputeMappings(connection, source, affected);
        EventStackVersions.saveVersion(connection, reading.stackId(), reading.versionTime(), source.requestId());
        return outcome(connection, reading, AppliedStack.Outcome.REPLACED,
                extract.domains().size() + " claims for group " + extract.groupId(), source, false);
    }

    private static AppliedStack outcome(Connection connection, StackReading reading, AppliedStack.Outcome outcome,
            String detail, ChangeSource source, boolean repeated) throws SQLException {
        List<MappingChange> changes = ClaimsAndMappings.changes(connection, source);
        return new AppliedStack(reading.stackId(), outcome, detail, changes, repeated);
    }
}
