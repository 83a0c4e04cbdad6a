package dev.domainsync.registry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The custom resource's own tables: {@code stack_registrations}, each stack's current registration (or, once
 * deleted, its tombstone), and {@code registration_requests}, every request applied, so that a repeated request id
 * returns its first outcome.
 */
final class StackRegistrations {

    /** What a request did to a stack's claims. */
    enum Action {
        REPLACE,
        REMOVE
    }

    /** A row of {@code registration_requests}. */
    record AppliedRequest(Action action, String stackId, String registrationId, List<String> domains) {
    }

    private StackRegistrations() {
    }

    static Optional<AppliedRequest> applied(Connection connection, ChangeSource source) throws SQLException {
        return Sql.first(connection, """
                SELECT action, stack_id, registration_id, domains FROM registration_requests
                 WHERE request_id = ? AND source = ?""",
                row -> new AppliedRequest(Action.valueOf(row.getString("action")), row.getString("stack_id"),
                        row.getString("registration_id"), strings(row.getArray("domains"))),
                source.requestId(), source.name());
    }

    static void recordApplied(Connection connection, ChangeSource source, AppliedRequest request)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO registration_requests (request_id, source, action, stack_id, registration_id, domains)
                VALUES (?, ?, ?, ?, ?, ?::text[])""", source.requestId(), source.name(), request.action().name(),
                request.stackId(), request.registrationId(), Sql.textArray(connection, request.domains()));
    }

    /** The id of the stack's current registration; none once it was deleted. */
    static Optional<String> currentId(Connection connection, String stackId) throws SQLException {
        return Sql.first(connection, """
                SELECT registration_id FROM stack_registrations WHERE stack_id = ? AND registration_id IS NOT NULL""",
                row -> row.getString("registration_id"), stackId);
    }

    /** When the stack was first registered, a deleted registration included. */
    static Optional<Instant> firstRegisteredAt(Connection connection, String stackId) throws SQLException {
        return Sql.first(connection, "SELECT registered_at FROM stack_registrations WHERE stack_id = ?",
                row -> Sql.instant(row, "registered_at"), stackId);
    }

    /**
     * Makes {@code registration} the stack's current one, over a tombstone too; the first registration time of the
     * stack stays.
     */
    static void save(Connection connection, StackRegistration registration, ChangeSource source) throws SQLException {
        Sql.update(connection, """
                INSERT INTO stack_registrations AS saved
                       (stack_id, registration_id, group_id, domains, registered_at, updated_at, request_id)
                VALUES (?, ?, ?, ?::text[], ?, now(), ?)
                ON CONFLICT (stack_id) DO UPDATE
                   SET registration_id = excluded.registration_id, group_id = excluded.group_id,
                       domains = excluded.domains, updated_at = excluded.updated_at, request_id = excluded.request_id,
                       removed_at = NULL""",
                registration.stackId(), registration.registrationId(), registration.groupId(),
                Sql.textArray(connection, registration.domains()), registration.registeredAt(), source.requestId());
    }

    /**
     * Turns the stack's registration into a tombstone: it names no registration and no domains, but keeps the time
     * of the Delete, which a run that started before it must not undo.
     */
    static void remove(Connection connection, String stackId, ChangeSource source) throws SQLException {
        Sql.update(connection, """
                UPDATE stack_registrations
                   SET registration_id = NULL, domains = '{}', removed_at = now(), updated_at = now(), request_id = ?
                 WHERE stack_id = ?""", source.requestId(), stackId);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
