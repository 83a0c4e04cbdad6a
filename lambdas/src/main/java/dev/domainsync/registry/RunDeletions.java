package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the prune guard measures: every row a run deletes from {@code domain_mappings}, read from the run's final
 * diff (its {@code DELETE} rows in the change log, inside the apply transaction), whatever the cause, with the
 * causes counted by the stack that held each deleted mapping.
 */
record RunDeletions(int mappings, int mappingsBefore, List<Cause> causes) {

    /** Why a run deletes mappings, by what its listing showed of the stack that held them. */
    enum Reason {
        STACK_GONE("stacks are gone (deleted, or no longer listed)"),
        ONLY_INVALID("updated stacks now carry only invalid domains"),
        SOME_INVALID("updated stacks dropped domains or now carry invalid ones"),
        DROPPED("updated stacks dropped domains from their domain parameter"),
        NO_CLAIM_LEFT("stacks no longer claim them for another reason");

        private final String description;

        Reason(String description) {
            this.description = description;
        }
    }

    /** {@code stacks} stacks lost {@code mappings} mappings for {@code reason}. */
    record Cause(Reason reason, int stacks, int mappings) {

        @Override
        public String toString() {
            return stacks + " " + reason.description + " (" + mappings + (mappings == 1 ? " mapping)" : " mappings)");
        }
    }

    /** Reads the run's deletions; call it after the run's mapping changes are written, before the commit. */
    static RunDeletions measure(Connection connection, long runId, int mappingsBefore) throws SQLException {
        List<Cause> causes = Sql.list(connection, """
                SELECT CASE WHEN stack.stack_id IS NULL OR stack.listed = 'deleted' THEN 'STACK_GONE'
                            WHEN stack.outcome IS DISTINCT FROM 'changed' THEN 'NO_CLAIM_LEFT'
                            WHEN NOT EXISTS (SELECT 1 FROM run_claims staged
                                              WHERE staged.run_id = stack.run_id
                                                AND staged.stack_id = stack.stack_id) THEN 'ONLY_INVALID'
                            WHEN jsonb_array_length(stack.invalid_domains) > 0 THEN 'SOME_INVALID'
                            ELSE 'DROPPED' END AS reason,
                       count(DISTINCT change.old_stack_id) AS stacks,
                       count(*) AS mappings
                  FROM mapping_changes change
                  LEFT JOIN run_stacks stack ON stack.run_id = change.run_id AND stack.stack_id = change.old_stack_id
                 WHERE change.run_id = ? AND change.action = 'DELETE'
                 GROUP BY 1
                 ORDER BY mappings DESC, reason""",
                row -> new Cause(Reason.valueOf(row.getString("reason")), row.getInt("stacks"),
                        row.getInt("mappings")), runId);
        return new RunDeletions(causes.stream().mapToInt(Cause::mappings).sum(), mappingsBefore, causes);
    }

    /** The deleted mappings as a whole percentage of the rows before the run. */
    long share() {
        return mappingsBefore == 0 ? 100 : Math.round(mappings * 100.0 / mappingsBefore);
    }
}
