-- Applying a run touches every staged claim several times in one transaction; these settings make each touch cheaper.
-- Each takes only a brief lock: the staging tables are domain-sync's alone, and the two settings on the claims and
-- the mappings block neither the application's reads nor its writes.

-- The staging's claims no longer reference the staging's stacks: every statement that reads run_claims joins
-- run_stacks, so a claim without its stack is never applied, while the foreign key made clearing a run's staging
-- check every deleted stack against run_claims, row by row (a tenth of a 10,000-claim apply).
ALTER TABLE run_claims DROP CONSTRAINT IF EXISTS run_claims_run_id_stack_id_fkey;

-- The apply analyses the staging first (each run's rows carry a run id no earlier statistics describe); the planner
-- needs only the columns it filters and joins on, at a sample of 3,000 rows, not 30,000 rows of every column.
ALTER TABLE run_stacks
    ALTER COLUMN run_id SET STATISTICS 10,
    ALTER COLUMN stack_id SET STATISTICS 10,
    ALTER COLUMN listed SET STATISTICS 10,
    ALTER COLUMN outcome SET STATISTICS 10,
    ALTER COLUMN skip_reason SET STATISTICS 0,
    ALTER COLUMN stack_name SET STATISTICS 0,
    ALTER COLUMN creation_time SET STATISTICS 0,
    ALTER COLUMN group_id SET STATISTICS 0,
    ALTER COLUMN invalid_domains SET STATISTICS 0;
ALTER TABLE run_claims
    ALTER COLUMN run_id SET STATISTICS 10,
    ALTER COLUMN stack_id SET STATISTICS 10,
    ALTER COLUMN domain_name SET STATISTICS 10,
    ALTER COLUMN group_id SET STATISTICS 0;

-- Room on each page for an updated row, so that a new group or stack name is written beside the old row without
-- touching the indexes (a HOT update). Pages written from now on keep 30 % free; existing pages as they are.
ALTER TABLE domain_claims SET (fillfactor = 70);
ALTER TABLE domain_mappings SET (fillfactor = 70);
