package dev.domainsync.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.domainsync.json.Json;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.run.RunReport;
import dev.domainsync.run.StagedCounts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's staging tables, {@code run_stacks} and {@code run_claims}: what the listing showed and what each
 * changed candidate claims, written page by page with set-based upserts so that a page staged twice is staged
 * once.
 */
final class RunStaging {

    /** How a run's staged stacks add up, for the step's progress and the run report. */
    record Totals(int listed, int deleted, int changed, int skipped, int claims, int invalidDomains) {

        StagedCounts staged(long runId) {
            return new StagedCounts(runId, listed, changed, skipped, claims);
        }

        RunReport.Listing listing() {
            return new RunReport.Listing(listed, deleted, changed + skipped);
        }

        RunReport.Extracts extracts(Map<SkipReason, Integer> skippedByReason) {
            return new RunReport.Extracts(changed, skipped, skippedByReason, invalidDomains, claims);
        }
    }

    private RunStaging() {
    }

    /**
     * Marks stacks as still existing. A stack that any page showed alive stays existing, whatever another
     * page said, so that a listing that shifts between pages never prunes a live stack.
     */
    static void stageExisting(Connection connection, long runId, Collection<String> stackIds) throws SQLException {
        if (stackIds.isEmpty()) {
            return;
        }
        Sql.update(connection, """
                INSERT INTO run_stacks (run_id, stack_id, listed)
                SELECT DISTINCT ?::bigint, stack_id, 'existing' FROM unnest(?::text[]) AS ids(stack_id)
                ON CONFLICT (run_id, stack_id) DO UPDATE SET listed = 'existing'
                 WHERE run_stacks.listed <> 'existing'""", runId, Sql.textArray(connection, stackIds));
    }

    static void stageDeleted(Connection connection, long runId, Collection<String> stackIds) throws SQLException {
        if (stackIds.isEmpty()) {
            return;
        }
        Sql.update(connection, """
                INSERT INTO run_stacks (run_id, stack_id, listed)
                SELECT DISTINCT ?::bigint, stack_id, 'deleted' FROM unnest(?::text[]) AS ids(stack_id)
                ON CONFLICT (run_id, stack_id) DO NOTHING""", runId, Sql.textArray(connection, stackIds));
    }

    /** Stages each candidate as changed or skipped and replaces the claims it staged before. */
    static void stageExtracts(Connection connection, long runId, Collection<StackExtract> extracts)
            throws SQLException {
        if (extracts.isEmpty()) {
            return;
        }
        List<String> stackIds = new ArrayList<>();
        List<String> stackNames = new ArrayList<>();
        List<String> creationTimes = new ArrayList<>();
        List<String> groupIds = new ArrayList<>();
        List<String> skipReasons = new ArrayList<>();
        List<String> invalidDomains = new ArrayList<>();
        List<String> claimStackIds = new ArrayList<>();
        List<String> claimDomains = new ArrayList<>();
        List<String> claimGroupIds = new ArrayList<>();
        for (StackExtract extract : extracts) {
            stackIds.add(extract.stackId());
            stackNames.add(extract.stackName());
            creationTimes.add(Objects.toString(extract.creationTime(), null));
            groupIds.add(extract.isSkipped() ? null : extract.groupId());
            skipReasons.add(extract.isSkipped() ? extract.skipReason().name() : null);
            invalidDomains.add(json(extract));
            if (!extract.isSkipped()) {
                for (String domain : new LinkedHashSet<>(extract.domains())) {
                    claimStackIds.add(extract.stackId());
                    claimDomains.add(domain);
                    claimGroupIds.add(extract.groupId());
                }
            }
        }
        Sql.update(connection, """
                INSERT INTO run_stacks (run_id, stack_id, listed, outcome, skip_reason, stack_name, creation_time,
                                        group_id, invalid_domains)
                SELECT ?::bigint, e.stack_id, 'existing',
                       CASE WHEN e.skip_reason IS NULL THEN 'changed' ELSE 'skipped' END,
                       e.skip_reason, e.stack_name, e.creation_time::timestamptz, e.group_id, e.invalid_domains::jsonb
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       AS e(stack_id, stack_name, creation_time, group_id, skip_reason, invalid_domains)
                ON CONFLICT (run_id, stack_id) DO UPDATE
                   SET listed = 'existing', outcome = excluded.outcome, skip_reason = excluded.skip_reason,
                       stack_name = excluded.stack_name, creation_time = excluded.creation_time,
                       group_id = excluded.group_id, invalid_domains = excluded.invalid_domains""",
                runId, Sql.textArray(connection, stackIds), Sql.textArray(connection, stackNames),
                Sql.textArray(connection, creationTimes), Sql.textArray(connection, groupIds),
                Sql.textArray(connection, skipReasons), Sql.textArray(connection, invalidDomains));
        Sql.update(connection, "DELETE FROM run_claims WHERE run_id = ? AND stack_id = ANY (?::text[])",
                runId, Sql.textArray(connection, stackIds));
        if (!claimStackIds.isEmpty()) {
            Sql.update(connection, """
                    INSERT INTO run_claims (run_id, stack_id, domain_name, group_id)
                    SELECT ?::bigint, c.stack_id, c.domain_name, c.group_id
                      FROM unnest(?::text[], ?::text[], ?::text[]) AS c(stack_id, domain_name, group_id)""",
                    runId, Sql.textArray(connection, claimStackIds), Sql.textArray(connection, claimDomains),
                    Sql.textArray(connection, claimGroupIds));
        }
    }

    static Totals totals(Connection connection, long runId) throws SQLException {
        return Sql.first(connection, """
                SELECT count(*) AS listed,
                       count(*) FILTER (WHERE listed = 'deleted') AS deleted,
                       count(*) FILTER (WHERE outcome = 'changed') AS changed,
                       count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
                       coalesce(sum(jsonb_array_length(invalid_domains)), 0) AS invalid_domains,
                       (SELECT count(*) FROM run_claims WHERE run_id = ?) AS claims
                  FROM run_stacks
                 WHERE run_id = ?""",
                row -> new Totals(row.getInt("listed"), row.getInt("deleted"), row.getInt("changed"),
                        row.getInt("skipped"), row.getInt("claims"), row.getInt("invalid_domains")),
                runId, runId).orElseThrow();
    }

    static Map<SkipReason, Integer> skippedByReason(Connection connection, long runId) throws SQLException {
        Map<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
        for (Map.Entry<SkipReason, Integer> reason : Sql.list(connection, """
                SELECT skip_reason, count(*) AS stacks FROM run_stacks
                 WHERE run_id = ? AND outcome = 'skipped'
                 GROUP BY skip_reason""",
                row -> Map.entry(SkipReason.valueOf(row.getString("skip_reason")), row.getInt("stacks")), runId)) {
            counts.put(reason.getKey(), reason.getValue());
        }
        return counts;
    }

    /**
     * Refreshes the planner's statistics of the staging tables inside the apply's transaction, before its first
     * statement. Every run stages its rows under a new run id that no statistics describe, so without this the
     * planner takes the run's thousands of staged stacks for a handful and joins them by nested loops: the prune
     * became quadratic (11 of the 14 seconds of a 10,000-claim apply). Only the columns the apply filters and joins
     * on have a statistics target (V6), sampled at 3,000 rows. The registry's role owns these tables, since
     * it migrated them; a role that does not gets a warning from PostgreSQL, and the old plans, never an error.
     */
    static void analyze(Connection connection) throws SQLException {
        Sql.update(connection, "ANALYZE run_stacks, run_claims");
    }

    /** Deletes the run's staging once the run is finished; the run row and the change log stay. */
    static void clear(Connection connection, long runId) throws SQLException {
        Sql.update(connection, "DELETE FROM run_claims WHERE run_id = ?", runId);
        Sql.update(connection, "DELETE FROM run_stacks WHERE run_id = ?", runId);
    }

    private static String json(StackExtract extract) {
        try {
            return Json.mapper().writeValueAsString(extract.invalidDomains());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the invalid domains of stack " + extract.stackId(), e);
        }
    }
}
