package dev.domainsync.bench;

import dev.domainsync.registry.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * BENCH BASELINE ONLY, never used by domain-sync: applying a staged run the straightforward way a user would
 * write it, one statement per row in a loop (upsert the claim, upsert the mapping, log the change; for a pruned
 * claim delete it, delete the mapping, log the change), in one transaction, from the same staging tables as
 * {@code PostgresDomainRegistry.applyRun}, whose first statement it shares: {@code ANALYZE} of the staging, so
 * that its two reads get the same plans as the registry's statements (without it, its read of the gone claims is
 * quadratic as the registry's prune was). It takes the last claim of a domain as the winner, which is right only
 * because the benchmark's domains are unique; the benchmark checks that both leave the same table.
 */
final class PerRowApply {

    private PerRowApply() {
    }

    /** Applies run {@code runId}; returns how many statements it sent. */
    static long apply(Database database, long runId) {
        return database.inTransaction(connection -> {
            long statements = 0;
            try (PreparedStatement analyze = connection.prepareStatement("ANALYZE run_stacks, run_claims")) {
                analyze.executeUpdate();
                statements++;
            }
            List<String[]> claims = query(connection, """
                    SELECT s.stack_id, s.stack_name, s.creation_time::text, c.domain_name, c.group_id
                      FROM run_claims c JOIN run_stacks s ON s.run_id = c.run_id AND s.stack_id = c.stack_id
                     WHERE c.run_id = ? AND s.outcome = 'changed'""", runId, 5);
            List<String[]> gone = query(connection, """
                    SELECT claim.stack_id, claim.domain_name FROM domain_claims claim
                     WHERE NOT EXISTS (SELECT 1 FROM run_stacks s WHERE s.run_id = ? AND s.stack_id = claim.stack_id
                                          AND s.listed = 'existing')""", runId, 2);
            statements += 2;
            try (PreparedStatement upsertClaim = connection.prepareStatement("""
                    INSERT INTO domain_claims (stack_id, domain_name, group_id, stack_name, stack_created_at, run_id)
                    VALUES (?, ?, ?, ?, ?::timestamptz, ?)
                    ON CONFLICT (stack_id, domain_name) DO UPDATE
                       SET group_id = excluded.group_id, stack_name = excluded.stack_name,
                           stack_created_at = excluded.stack_created_at, run_id = excluded.run_id, updated_at = now()""");
                 PreparedStatement upsertMapping = connection.prepareStatement("""
                    INSERT INTO domain_mappings (domain_name, group_id, stack_id, stack_name) VALUES (?, ?, ?, ?)
                    ON CONFLICT (domain_name) DO UPDATE
                       SET group_id = excluded.group_id, stack_id = excluded.stack_id,
                           stack_name = excluded.stack_name, updated_at = now()
                    RETURNING (xmax = 0) AS inserted""");
                 PreparedStatement logChange = connection.prepareStatement("""
                    INSERT INTO mapping_changes (run_id, domain_name, action, new_group_id, new_stack_id, new_stack_name)
                    VALUES (?, ?, ?, ?, ?, ?)""");
                 PreparedStatement deleteClaim = connection.prepareStatement(
                    "DELETE FROM domain_claims WHERE stack_id = ? AND domain_name = ?");
                 PreparedStatement deleteMapping = connection.prepareStatement(
                    "DELETE FROM domain_mappings WHERE domain_name = ?")) {
                for (String[] claim : claims) {
                    bind(upsertClaim, claim[0], claim[3], claim[4], claim[1], claim[2], runId);
                    upsertClaim.executeUpdate();
                    bind(upsertMapping, claim[3], claim[4], claim[0], claim[1]);
                    boolean inserted;
                    try (ResultSet row = upsertMapping.executeQuery()) {
                        row.next();
                        inserted = row.getBoolean(1);
                    }
                    bind(logChange, runId, claim[3], inserted ? "INSERT" : "UPDATE", claim[4], claim[0], claim[1]);
                    logChange.executeUpdate();
                    statements += 3;
                }
                for (String[] claim : gone) {
                    bind(deleteClaim, claim[0], claim[1]);
                    deleteClaim.executeUpdate();
                    bind(deleteMapping, claim[1]);
                    deleteMapping.executeUpdate();
                    bind(logChange, runId, claim[1], "DELETE", null, null, null);
                    logChange.executeUpdate();
                    statements += 3;
                }
            }
            for (String sql : List.of(
                    "UPDATE sync_runs SET status = 'SUCCEEDED', finished_at = now() WHERE run_id = ?",
                    "DELETE FROM run_lease WHERE run_id = ?",
                    "DELETE FROM run_claims WHERE run_id = ?",
                    "DELETE FROM run_stacks WHERE run_id = ?")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setLong(1, runId);
                    statement.executeUpdate();
                    statements++;
                }
            }
            return statements;
        });
    }

    private static List<String[]> query(Connection connection, String sql, long runId, int columns)
            throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, runId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = result.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }
}
