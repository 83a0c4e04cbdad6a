-- The custom resource (Custom::DomainRegistration) writes one stack's claims at a time, outside any run, through
-- the same claims and change log as the workflow.

-- A change now comes either from a run of the workflow or from one custom resource request.
ALTER TABLE mapping_changes ALTER COLUMN run_id DROP NOT NULL;
ALTER TABLE mapping_changes
    ADD COLUMN source text NOT NULL DEFAULT 'workflow' CHECK (source IN ('workflow', 'custom-resource')),
    ADD COLUMN request_id text,
    ADD CONSTRAINT mapping_changes_one_author CHECK (
        (source = 'workflow' AND run_id IS NOT NULL AND request_id IS NULL)
        OR (source <> 'workflow' AND run_id IS NULL AND request_id IS NOT NULL));

CREATE INDEX mapping_changes_by_request ON mapping_changes (request_id, domain_name) WHERE request_id IS NOT NULL;

-- Each stack's current custom resource registration: its PhysicalResourceId, so that the Delete CloudFormation sends
-- for an id that an Update replaced removes nothing, and the time of its first registration, which stands in for
-- the stack's CreationTime (the event does not carry it) until a run writes the real one.
CREATE TABLE stack_registrations (
    stack_id         text        PRIMARY KEY,
    registration_id  text        NOT NULL,
    group_id         text        NOT NULL,
    domains          text[]      NOT NULL,
    registered_at    timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    request_id       text        NOT NULL
);

-- Every custom resource request that changed (or confirmed) a stack's claims, so that a repeated RequestId returns
-- its first outcome and changes nothing.
CREATE TABLE registration_requests (
    request_id       text        PRIMARY KEY,
    source           text        NOT NULL,
    action           text        NOT NULL CHECK (action IN ('REPLACE', 'REMOVE')),
    stack_id         text        NOT NULL,
    registration_id  text        NOT NULL,
    domains          text[]      NOT NULL,
    processed_at     timestamptz NOT NULL DEFAULT now()
);
