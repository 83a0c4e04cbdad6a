package dev.domainsync.registry;

import dev.domainsync.run.MappingChange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims and the table the application reads: a run's changed stacks replace their claims, gone stacks
 * lose theirs, a custom resource request replaces or removes one stack's, and {@code domain_mappings} follows
 * the winning claims, every change logged in {@code mapping_changes} under the run or the request that made it.
 */
final class ClaimsAndMappings {

    /**
     * Stacks that the custom resource or the event path wrote after the run started: the run's listing may predate
     * that write, so the run neither replaces nor prunes their claims (unless it saw the stack deleted); the next run
     * reconciles them. A custom resource Delete leaves a tombstone in {@code stack_registrations} for this, and the
     * event path keeps every stack it wrote in {@code event_stack_versions}.
     */
    private static final String REGISTERED_DURING_RUN = """
            SELECT touched.stack_id
              FROM (SELECT stack_id, updated_at FROM stack_registrations
                    UNION ALL SELECT stack_id, updated_at FROM event_stack_versions) touched
             WHERE touched.updated_at >= (SELECT started_at FROM sync_runs WHERE run_id = ?)""";

    private ClaimsAndMappings() {
    }

    /**
     * Serialises every writer of the claims (the lease already keeps runs apart; this also orders a run against
     * custom resource requests, which take no lease) while the application keeps reading.
     */
    static void lock(Connection connection) throws SQLException {
        Sql.update(connection, "LOCK TABLE domain_claims, domain_mappings IN SHARE ROW EXCLUSIVE MODE");
    }

    /**
     * Makes each changed stack's claims exactly its staged ones, with its current group, name and creation
     * time; a changed stack that staged no valid domain loses every claim. Unchanged claims keep their row.
     */
    static void replaceChangedClaims(Connection connection, long runId) throws SQLException {
        Sql.update(connection, """
                DELETE FROM domain_claims claim
                 USING run_stacks stack
                 WHERE stack.run_id = ? AND stack.outcome = 'changed' AND claim.stack_id = stack.stack_id
                   AND NOT EXISTS (SELECT 1 FROM run_claims staged
                                    WHERE staged.run_id = stack.run_id AND staged.stack_id = claim.stack_id
                                      AND staged.domain_name = claim.domain_name)
                   AND stack.stack_id NOT IN (%s)""".formatted(REGISTERED_DURING_RUN), runId, runId);
        Sql.update(connection, """
                INSERT INTO domain_claims AS claim
                       (stack_id, domain_name, group_id, stack_name, stack_created_at, updated_at, run_id)
                SELECT staged.stack_id, staged.domain_name, staged.group_id, stack.stack_name, stack.creation_time,
                       now(), staged.run_id
                  FROM run_claims staged
                  JOIN run_stacks stack ON stack.run_id = staged.run_id AND stack.stack_id = staged.stack_id
                 WHERE staged.run_id = ? AND stack.outcome = 'changed'
                   AND stack.stack_id NOT IN (%s)
                ON CONFLICT (stack_id, domain_name) DO UPDATE
                   SET group_id = excluded.group_id, stack_name = excluded.stack_name,
                       stack_created_at = excluded.stack_created_at, updated_at = excluded.updated_at,
                       run_id = excluded.run_id
                 WHERE (claim.group_id, claim.stack_name, claim.stack_created_at)
                       IS DISTINCT FROM (excluded.group_id, excluded.stack_name, excluded.stack_created_at)""".formatted(
                        REGISTERED_DURING_RUN), runId, runId);
    }

    /**
     * Makes one stack's claims exactly {@code domains} with its group, name and {@code createdAt}, as a run does for
     * a changed stack; returns every domain whose claims changed (the stack's old domains and its new ones).
     */
    static Set<String> replaceStackClaims(Connection connection, String stackId, String stackName, Instant createdAt,
            String groupId, Collection<String> domains) throws SQLException {
        Set<String> affected = new TreeSet<>(Sql.list(connection, """
                DELETE FROM domain_claims
                 WHERE stack_id = ? AND domain_name <> ALL (?::text[])
                RETURNING domain_name""", row -> row.getString("domain_name"), stackId,
                Sql.textArray(connection, domains)));
        affected.addAll(domains);
        Sql.update(connection, """
                INSERT INTO domain_claims AS claim
                       (stack_id, domain_name, group_id, stack_name, stack_created_at, updated_at, run_id)
                SELECT ?, domain_name, ?, ?, ?, now(), NULL FROM unnest(?::text[]) AS domains(domain_name)
                ON CONFLICT (stack_id, domain_name) DO UPDATE
                   SET group_id = excluded.group_id, stack_name = excluded.stack_name,
                       stack_created_at = excluded.stack_created_at, updated_at = excluded.updated_at,
                       run_id = excluded.run_id
                 WHERE (claim.group_id, claim.stack_name, claim.stack_created_at)
                       IS DISTINCT FROM (excluded.group_id, excluded.stack_name, excluded.stack_created_at)""",
                stackId, groupId, stackName, createdAt, Sql.textArray(connection, new TreeSet<>(domains)));
        return affected;
    }

    /** Deletes every claim of one stack; returns the domains it claimed, in byte order. */
    static List<String> removeStackClaims(Connection connection, String stackId) throws SQLException {
        return Sql.list(connection, """
                WITH removed AS (DELETE FROM domain_claims WHERE stack_id = ? RETURNING domain_name)
                SELECT domain_name FROM removed ORDER BY domain_name COLLATE "C\"""",
                row -> row.getString("domain_name"), stackId);
    }

    /** Deletes the claims of every stack that the run's listing did not show alive; returns how many stacks. */
    static int pruneGoneStacks(Connection connection, long runId) throws SQLException {
        return Sql.count(connection, """
                WITH gone AS (
                    DELETE FROM domain_claims claim
                     WHERE NOT EXISTS (SELECT 1 FROM run_stacks stack
                                        WHERE stack.run_id = ? AND stack.stack_id = claim.stack_id
                                          AND stack.listed = 'existing')
                       AND (claim.stack_id NOT IN (%s)
                            OR EXISTS (SELECT 1 FROM run_stacks stack
                                        WHERE stack.run_id = ? AND stack.stack_id = claim.stack_id
                                          AND stack.listed = 'deleted'))
                    RETURNING claim.stack_id)
                SELECT count(DISTINCT stack_id) FROM gone""".formatted(REGISTERED_DURING_RUN), runId, runId, runId);
    }

    static int claimedDomains(Connection connection) throws SQLException {
        return Sql.count(connection, "SELECT count(DISTINCT domain_name) FROM domain_claims");
    }

    /** Domains that more than one stack claims; the earliest stack wins, the others wait in the claims. */
    static int conflicts(Connection connection) throws SQLException {
        return Sql.count(connection, """
                SELECT count(*) FROM (SELECT domain_name FROM domain_claims
                                       GROUP BY domain_name HAVING count(*) > 1) AS contested""");
    }

    static int mappings(Connection connection) throws SQLException {
        return Sql.count(connection, "SELECT count(*) FROM domain_mappings");
    }

    /**
     * Logs the difference between the winning claims and {@code domain_mappings} as the run's change rows, then
     * applies exactly those rows.
     */
    static void recomputeMappings(Connection connection, long runId) throws SQLException {
        recompute(connection, "", runId, "workflow", null);
    }

    /**
     * Does the same for {@code domains} only, logging the changes under {@code source}; the winner of a domain
     * depends on that domain's claims alone, so the other rows are left as they are.
     */
    static void recomputeMappings(Connection connection, ChangeSource source, Collection<String> domains)
            throws SQLException {
        if (domains.isEmpty()) {
            return;
        }
        recompute(connection, "WHERE domain_name = ANY (?::text[])", null, source.name(), source.requestId(),
                Sql.textArray(connection, domains));
    }

    /**
     * One statement: the winners and the current rows (both limited by {@code scope}, whose parameter is
     * bound twice), their difference inserted into the change log in domain order, and exactly the logged rows
     * applied. A
     * domain's winner is its earliest created stack, ties going to the smaller stack id in byte order
     * ({@code COLLATE "C"}, as Java's {@code String.compareTo}).
     */
    private static void recompute(Connection connection, String scope, Long runId, String source, String requestId,
            Object... scopeParameters) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        parameters.addAll(List.of(scopeParameters));
        parameters.addAll(List.of(scopeParameters));
        parameters.add(runId);
        parameters.add(source);
        parameters.add(requestId);
        Sql.update(connection, """
                WITH winner AS (
                    SELECT DISTINCT ON (domain_name) domain_name, group_id, stack_id, stack_name
                      FROM domain_claims
                     %1$s
                     ORDER BY domain_name, stack_created_at, stack_id COLLATE "C"),
                mapped AS (
                    SELECT domain_name, group_id, stack_id, stack_name FROM domain_mappings %1$s),
                change AS (
                    INSERT INTO mapping_changes (run_id, source, request_id, domain_name, action, old_group_id,
                                                 new_group_id, old_stack_id, new_stack_id, old_stack_name,
                                                 new_stack_name)
                    SELECT ?::bigint, ?, ?, coalesce(winner.domain_name, mapped.domain_name),
                           CASE WHEN mapped.domain_name IS NULL THEN 'INSERT'
                                WHEN winner.domain_name IS NULL THEN 'DELETE'
                                ELSE 'UPDATE' END,
                           mapped.group_id, winner.group_id, mapped.stack_id, winner.stack_id,
                           mapped.stack_name, winner.stack_name
                      FROM winner
                      FULL JOIN mapped ON mapped.domain_name = winner.domain_name
                     WHERE (winner.group_id, winner.stack_id, winner.stack_name)
                           IS DISTINCT FROM (mapped.group_id, mapped.stack_id, mapped.stack_name)
                     ORDER BY coalesce(winner.domain_name, mapped.domain_name) COLLATE "C"
                    RETURNING domain_name, action, new_group_id, new_stack_id, new_stack_name),
                deleted AS (
                    DELETE FROM domain_mappings mapping
                     USING change
                     WHERE change.action = 'DELETE' AND mapping.domain_name = change.domain_name),
                updated AS (
                    UPDATE domain_mappings mapping
                       SET group_id = change.new_group_id, stack_id = change.new_stack_id,
                           stack_name = change.new_stack_name, updated_at = now()
                      FROM change
                     WHERE change.action = 'UPDATE' AND mapping.domain_name = change.domain_name)
                INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name)
                SELECT domain_name, new_group_id, new_stack_id, new_stack_name
                  FROM change
                 WHERE action = 'INSERT'""".formatted(scope), parameters.toArray());
    }

    static Map<MappingChange.Action, Integer> changeCounts(Connection connection, long runId) throws SQLException {
        Map<MappingChange.Action, Integer> counts = new EnumMap<>(MappingChange.Action.class);
        for (MappingChange.Action action : MappingChange.Action.values()) {
            counts.put(action, 0);
        }
        for (Map.Entry<MappingChange.Action, Integer> action : Sql.list(connection, """
                SELECT action, count(*) AS changes FROM mapping_changes WHERE run_id = ? GROUP BY action""",
                row -> Map.entry(MappingChange.Action.valueOf(row.getString("action")), row.getInt("changes")),
                runId)) {
            counts.put(action.getKey(), action.getValue());
        }
        return counts;
    }

    /** The changes that one request from outside the runs made, by domain name. */
    static List<MappingChange> changes(Connection connection, ChangeSource source) throws SQLException {
        return Sql.list(connection, """
                SELECT domain_name, action, old_group_id, new_group_id, old_stack_id, new_stack_id,
                       old_stack_name, new_stack_name
                  FROM mapping_changes
                 WHERE request_id = ? AND source = ?
                 ORDER BY domain_name COLLATE "C\"""",
                ClaimsAndMappings::change, source.requestId(), source.name());
    }

    /** The run's first {@code limit} changes by domain name. */
    static List<MappingChange> changes(Connection connection, long runId, int limit) throws SQLException {
        return Sql.list(connection, """
                SELECT domain_name, action, old_group_id, new_group_id, old_stack_id, new_stack_id,
                       old_stack_name, new_stack_name
                  FROM mapping_changes
                 WHERE run_id = ?
                 ORDER BY domain_name COLLATE "C"
                 LIMIT ?""",
                ClaimsAndMappings::change, runId, limit);
    }

    private static MappingChange change(ResultSet row) throws SQLException {
        return new MappingChange(row.getString("domain_name"),
                MappingChange.Action.valueOf(row.getString("action")),
                row.getString("old_group_id"), row.getString("new_group_id"),
                row.getString("old_stack_id"), row.getString("new_stack_id"),
                row.getString("old_stack_name"), row.getString("new_stack_name"));
    }
}
