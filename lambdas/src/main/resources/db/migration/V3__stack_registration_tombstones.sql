-- A custom resource Delete keeps the stack's row as a tombstone instead of deleting it, so that every stack keeps
-- the time the custom resource last touched it: a run whose listing predates that time neither writes nor prunes
-- the stack's claims (a Delete or an Update that dropped a domain leaves no claim row to tell it so).

ALTER TABLE stack_registrations
    ALTER COLUMN registration_id DROP NOT NULL,
    ADD COLUMN removed_at timestamptz,
    ADD CONSTRAINT stack_registrations_removed_has_no_id CHECK ((registration_id IS NULL) = (removed_at IS NOT NULL));

-- Applying a run looks up the stacks the custom resource touched after the run started.
CREATE INDEX stack_registrations_by_update ON stack_registrations (updated_at);
