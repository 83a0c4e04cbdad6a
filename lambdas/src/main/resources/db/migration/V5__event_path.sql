-- The event path (sync-stack) writes one stack's claims per CloudFormation stack status change, outside any run,
-- through the same claims and change log as the workflow and the custom resource.

-- A change now also comes from an event, named by the sync-stack execution that applied it (its request_id).
ALTER TABLE mapping_changes DROP CONSTRAINT mapping_changes_source_check;
ALTER TABLE mapping_changes
    ADD CONSTRAINT mapping_changes_source_check CHECK (source IN ('workflow', 'custom-resource', 'event'));

-- The version of each stack that the event path last applied: its LastUpdatedTime, else its CreationTime, so that a
-- late or repeated event never puts an older reading over a newer one; a deletion is final (gone_at). updated_at is
-- when the event path last wrote the stack: a run that started before it neither replaces nor prunes its claims.
CREATE TABLE event_stack_versions (
    stack_id      text        PRIMARY KEY,
    version_time  timestamptz,
    gone_at       timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    execution_id  text        NOT NULL,
    CHECK (version_time IS NOT NULL OR gone_at IS NOT NULL)
);

-- Applying a run looks up the stacks the event path wrote after the run started.
CREATE INDEX event_stack_versions_by_update ON event_stack_versions (updated_at);
