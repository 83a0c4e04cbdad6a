package dev.domainsync.registry;

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
 * The production {@link StackClaims}, the custom resource's registrations: each call one transaction under the
 * claims lock that applying a run takes, over the shared claim SQL of {@link ClaimsAndMappings}, with the
 * registrations and the requests already applied in {@code stack_registrations} and {@code registration_requests}.
 */
public final class PostgresStackClaims implements StackClaims {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStackClaims.class);

    private final Database db;
    private final SchemaMigration migration;

    /** The custom resource's claims on {@code db}, whose schema is already migrated. */
    public PostgresStackClaims(Database db) {
        this(db, true);
    }

    private PostgresStackClaims(Database db, boolean migrated) {
        this.db = Objects.requireNonNull(db, "db");
        this.migration = new SchemaMigration(db, migrated);
    }

    /**
     * The claims that a Lambda builds from its environment: it connects nothing until its first call and migrates
     * the schema before the first request it applies (a stack may be created before any run).
     */
    public static PostgresStackClaims migratingOnFirstUse(Database db) {
        return new PostgresStackClaims(db, false);
    }

    @Override
    public RegistrationOutcome replaceStackClaims(StackRegistration registration, ChangeSource source) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(source, "source");
        return onceForRequest(source, connection -> {
            String stackId = registration.stackId();
            String logicalId = registration.logicalResourceId();
            StackRegistrations.adopt(connection, stackId, logicalId, registration.registrationId());
            Set<String> affected = ClaimsAndMappings.replaceStackClaims(connection, stackId, registration.stackName(),
                    registration.stackCreatedAt(), registration.groupId(), registration.domains());
            ClaimsAndMappings.recomputeMappings(connection, source, affected);
            StackRegistrations.save(connection, registration, source);
            StackRegistrations.recordApplied(connection, source, new StackRegistrations.AppliedRequest(
                    StackRegistrations.Action.REPLACE, stackId, logicalId, registration.registrationId(),
                    registration.domains()));
            List<MappingChange> changes = ClaimsAndMappings.changes(connection, source);
            LOG.info("Request {} ({}) registered {} domains of stack {} ({}) for group {} as {}, stack created at {}; "
                            + "{} mapping changes", source.requestId(), source.name(), registration.domains().size(),
                    stackId, logicalId, registration.groupId(), registration.registrationId(),
                    registration.stackCreatedAt(), changes.size());
            return new RegistrationOutcome(registration.registrationId(), registration.domains(), changes, false);
        });
    }

    @Override
    public RegistrationOutcome removeStackClaims(String stackId, String logicalResourceId, String registrationId,
            ChangeSource source) {
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(logicalResourceId, "logicalResourceId");
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(source, "source");
        return onceForRequest(source, connection -> {
            StackRegistrations.adopt(connection, stackId, logicalResourceId, registrationId);
            Optional<String> current = StackRegistrations.current(connection, stackId, logicalResourceId)
                    .map(RegisteredClaims::registrationId);
            List<String> removed = List.of();
            if (current.isPresent() && current.get().equals(registrationId)) {
                StackRegistrations.remove(connection, stackId, logicalResourceId, source);
                if (StackRegistrations.othersRegistered(connection, stackId, logicalResourceId)) {
                    LOG.info("Request {} ({}): stack {} keeps its claims for its other registrations",
                            source.requestId(), source.name(), stackId);
                } else {
                    removed = ClaimsAndMappings.removeStackClaims(connection, stackId);
                    ClaimsAndMappings.recomputeMappings(connection, source, removed);
                }
            } else {
                LOG.info("Request {} ({}): {} is not the current registration of {} in stack {} ({}); nothing to "
                        + "remove", source.requestId(), source.name(), registrationId, logicalResourceId, stackId,
                        current.orElse("none"));
            }
            StackRegistrations.recordApplied(connection, source, new StackRegistrations.AppliedRequest(
                    StackRegistrations.Action.REMOVE, stackId, logicalResourceId, registrationId, removed));
            List<MappingChange> changes = ClaimsAndMappings.changes(connection, source);
            LOG.info("Request {} ({}) removed {} claims of stack {}; {} mapping changes", source.requestId(),
                    source.name(), removed.size(), stackId, changes.size());
            return new RegistrationOutcome(registrationId, removed, changes, false);
        });
    }

    @Override
    public Optional<RegisteredClaims> registeredClaims(String stackId, String logicalResourceId) {
        Objects.requireNonNull(stackId, "stackId");
        Objects.requireNonNull(logicalResourceId, "logicalResourceId");
        migration.ensure();
        return db.inTransaction(connection -> StackRegistrations.current(connection, stackId, logicalResourceId));
    }

    /**
     * One custom resource request's transaction, under the claims lock; a request already applied (CloudFormation
     * may deliver it again) returns its first outcome and changes nothing.
     */
    private RegistrationOutcome onceForRequest(ChangeSource source, SqlWork<RegistrationOutcome> work) {
        migration.ensure();
        return db.inTransaction(connection -> {
            ClaimsAndMappings.lock(connection);
            Optional<RegistrationOutcome> earlier = earlierOutcome(connection, source);
            return earlier.isPresent() ? earlier.get() : work.run(connection);
        });
    }

    private static Optional<RegistrationOutcome> earlierOutcome(Connection connection, ChangeSource source)
            throws SQLException {
        Optional<StackRegistrations.AppliedRequest> applied = StackRegistrations.applied(connection, source);
        if (applied.isEmpty()) {
            return Optional.empty();
        }
        StackRegistrations.AppliedRequest request = applied.get();
        LOG.info("Request {} ({}) was already applied ({} of stack {}); returning its outcome", source.requestId(),
                source.name(), request.action(), request.stackId());
        return Optional.of(new RegistrationOutcome(request.registrationId(), request.domains(),
                ClaimsAndMappings.changes(connection, source), true));
    }
}
