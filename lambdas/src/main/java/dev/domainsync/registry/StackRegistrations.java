package dev.domainsync.registry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The custom resource's own tables: {@code stack_registrations}, each resource's current registration (or, once
 * deleted, its tombstone), keyed by stack id and logical resource id, and {@code registration_requests}, every
 * request applied, so that a repeated request id returns its first outcome.
 */
final class StackRegistrations {

    /** What a request did to a stack's claims. */
    enum Action {
        REPLACE,
        REMOVE
    }

    /** A row of {@code registration_requests}. */
    record AppliedRequest(Action action, String stackId, String logicalResourceId, String registrationId,
            List<String> domains) {
    }

    private StackRegistrations() {
    }

    static Optional<AppliedRequest> applied(Connection connection, ChangeSource source) throws SQLException {
        return Sql.first(connection, """
                SELECT action, stack_id, logical_resource_id, registration_id, domains FROM registration_requests
                 WHERE request_id = ? AND source = ?""",
                row -> new AppliedRequest(Action.valueOf(row.getString("action")), row.getString("stack_id"),
                        row.getString("logical_resource_id"), row.getString("registration_id"),
                        strings(row.getArray("domains"))),
                source.requestId(), source.name());
    }

    static void recordApplied(Connection connection, ChangeSource source, AppliedRequest request)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO registration_requests
                       (request_id, source, action, stack_id, logical_resource_id, registration_id, domains)
                VALUES (?, ?, ?, ?, ?, ?, ?::text[])""", source.requestId(), source.name(), request.action().name(),
                request.stackId(), request.logicalResourceId(), request.registrationId(),
                Sql.textArray(connection, request.domains()));
    }

    /**
     * Gives a registration made before registrations were kept per resource (it has no logical id) to the resource
     * whose physical id it carries, unless that resource already has one of its own.
     */
    static void adopt(Connection connection, String stackId, String logicalResourceId, String registrationId)
            throws SQLException {
        Sql.update(connection, """
                UPDATE stack_registrations SET logical_resource_id = ?
                 WHERE stack_id = ? AND logical_resource_id IS NULL AND registration_id = ?
                   AND NOT EXISTS (SELECT 1 FROM stack_registrations own
                                    WHERE own.stack_id = ? AND own.logical_resource_id = ?)""",
                logicalResourceId, stackId, registrationId, stackId, logicalResourceId);
    }

    /** The resource's current registration; none once it was deleted. */
    static Optional<RegisteredClaims> current(Connection connection, String stackId, String logicalResourceId)
            throws SQLException {
        return Sql.first(connection, """
                SELECT registration_id, group_id, domains, previous_group_id, previous_domains
                  FROM stack_registrations
                 WHERE stack_id = ? AND logical_resource_id = ? AND registration_id IS NOT NULL""",
                row -> new RegisteredClaims(row.getString("registration_id"), row.getString("group_id"),
                        strings(row.getArray("domains")), Optional.ofNullable(row.getString("previous_group_id")),
                        row.getArray("previous_domains") == null ? List.of()
                                : strings(row.getArray("previous_domains"))),
                stackId, logicalResourceId);
    }

    /** Whether another resource of the stack still holds a registration. */
    static boolean othersRegistered(Connection connection, String stackId, String logicalResourceId)
            throws SQLException {
        return Sql.count(connection, """
                SELECT count(*) FROM stack_registrations
                 WHERE stack_id = ? AND registration_id IS NOT NULL
                   AND logical_resource_id IS DISTINCT FROM ?""", stackId, logicalResourceId) > 0;
    }

    /**
     * Makes {@code registration} its resource's current one, over a tombstone too, keeping what it replaces as the
     * previous values; the first registration time stays.
     */
    static void save(Connection connection, StackRegistration registration, ChangeSource source) throws SQLException {
        Sql.update(connection, """
                INSERT INTO stack_registrations AS saved
                       (stack_id, logical_resource_id, registration_id, group_id, domains, registered_at, updated_at,
                        request_id)
                VALUES (?, ?, ?, ?, ?::text[], ?, now(), ?)
                ON CONFLICT (stack_id, logical_resource_id) DO UPDATE
                   SET registration_id = excluded.registration_id, group_id = excluded.group_id,
                       domains = excluded.domains, updated_at = excluded.updated_at, request_id = excluded.request_id,
                       previous_group_id = CASE WHEN saved.removed_at IS NULL THEN saved.group_id END,
                       previous_domains = CASE WHEN saved.removed_at IS NULL THEN saved.domains END,
                       removed_at = NULL""",
                registration.stackId(), registration.logicalResourceId(), registration.registrationId(),
                registration.groupId(), Sql.textArray(connection, registration.domains()), registration.registeredAt(),
                source.requestId());
    }

    /**
     * Turns the resource's registration into a tombstone: it names no registration and no domains, but keeps the
     * time of the Delete, which a run that started before it must not undo.
     */
    static void remove(Connection connection, String stackId, String logicalResourceId, ChangeSource source)
            throws SQLException {
        Sql.update(connection, """
                UPDATE stack_registrations
                   SET registration_id = NULL, domains = '{}', previous_group_id = NULL, previous_domains = NULL,
                       removed_at = now(), updated_at = now(), request_id = ?
                 WHERE stack_id = ? AND logical_resource_id = ?""", source.requestId(), stackId, logicalResourceId);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
