package dev.domainsync.registry;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The custom resource's own tables: {@code stack_registrations}, each stack's current registration, and
 * {@code registration_requests}, every request applied, so that a repeated request id returns its first outcome.
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

    /** A row of {@code stack_registrations}. */
    record CurrentRegistration(String registrationId, Instant registeredAt) {
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

    static Optional<CurrentRegistration> current(Connection connection, String stackId) throws SQLException {
        return Sql.first(connection, """
                SELECT registration_id, registered_at FROM stack_registrations WHERE stack_id = ?""",
                row -> new CurrentRegistration(row.getString("registration_id"), Sql.instant(row, "registered_at")),
                stackId);
    }

    /** Makes {@code registration} the stack's current one; the first registration time of the stack stays. */
    static void save(Connection connection, StackRegistration registration, ChangeSource source) throws SQLException {
        Sql.update(connection, """
                INSERT INTO stack_registrations AS saved
                       (stack_id, registration_id, group_id, domains, registered_at, updated_at, request_id)
                VALUES (?, ?, ?, ?::text[], ?, now(), ?)
                ON CONFLICT (stack_id) DO UPDATE
                   SET registration_id = excluded.registration_id, group_id = excluded.group_id,
                       domains = excluded.domains, updated_at = excluded.updated_at, request_id = excluded.request_id""",
                registration.stackId(), registration.registrationId(), registration.groupId(),
                Sql.textArray(connection, registration.domains()), registration.registeredAt(), source.requestId());
    }

    static void delete(Connection connection, String stackId) throws SQLException {
        Sql.update(connection, "DELETE FROM stack_registrations WHERE stack_id = ?", stackId);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
