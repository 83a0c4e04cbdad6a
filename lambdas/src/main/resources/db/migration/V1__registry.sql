-- The registry of domain-sync: the runs and their lease, every stack's claims, the winning claim per domain
-- that the application reads, the per-run staging, and the change log of every mapping change.

-- One row per execution, including the executions that were refused before they could start a run.
CREATE TABLE sync_runs (
    run_id        bigserial   PRIMARY KEY,
    execution_id  text        NOT NULL UNIQUE,
    status        text        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'DRY_RUN', 'FAILED')),
    mode          text        CHECK (mode IN ('INCREMENTAL', 'SINCE', 'BACKFILL')),
    since         timestamptz,
    start_time    timestamptz NOT NULL,
    dry_run       boolean     NOT NULL DEFAULT false,
    force         boolean     NOT NULL DEFAULT false,
    comment       text,
    error         text,
    cause         text,
    report        jsonb,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    -- Only a refused execution (FailRun without a run) has no mode and no since.
    CHECK (status = 'FAILED' OR (mode IS NOT NULL AND since IS NOT NULL))
);

-- StartRun looks up the latest successful run to decide an incremental run's since.
CREATE INDEX sync_runs_succeeded_by_start_time ON sync_runs (start_time DESC) WHERE status = 'SUCCEEDED';

-- At most one row: the run that may stage and apply, until expires_at.
CREATE TABLE run_lease (
    singleton     boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    run_id        bigint      NOT NULL REFERENCES sync_runs (run_id),
    execution_id  text        NOT NULL,
    expires_at    timestamptz NOT NULL
);

-- Every stack's claim on a domain, winners and losers alike, so that a loser takes over when the winner goes.
CREATE TABLE domain_claims (
    stack_id          text        NOT NULL,
    domain_name       text        NOT NULL,
    group_id          text        NOT NULL,
    stack_name        text        NOT NULL,
    stack_created_at  timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    run_id            bigint      REFERENCES sync_runs (run_id),
    PRIMARY KEY (stack_id, domain_name)
);

-- The winner per domain: the earliest stack creation, ties to the smaller stack id in byte order.
CREATE INDEX domain_claims_by_precedence ON domain_claims (domain_name, stack_created_at, stack_id COLLATE "C");

-- What the application reads: one row per domain, the winning claim, maintained by each applied run.
CREATE TABLE domain_mappings (
    domain_name  text        PRIMARY KEY,
    group_id     text        NOT NULL,
    stack_id     text        NOT NULL,
    stack_name   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Staging: every stack a run's listing showed, and what each changed candidate turned out to be.
CREATE TABLE run_stacks (
    run_id           bigint      NOT NULL REFERENCES sync_runs (run_id),
    stack_id         text        NOT NULL,
    listed           text        NOT NULL CHECK (listed IN ('existing', 'deleted')),
    outcome          text        CHECK (outcome IN ('changed', 'skipped')),
    skip_reason      text,
    stack_name       text,
    creation_time    timestamptz,
    group_id         text,
    invalid_domains  jsonb       NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, stack_id),
    CHECK ((outcome = 'skipped') = (skip_reason IS NOT NULL)),
    CHECK (outcome IS DISTINCT FROM 'changed'
           OR (stack_name IS NOT NULL AND creation_time IS NOT NULL AND group_id IS NOT NULL))
);

-- Staging: the valid domains of each changed stack of a run.
CREATE TABLE run_claims (
    run_id       bigint NOT NULL,
    stack_id     text   NOT NULL,
    domain_name  text   NOT NULL,
    group_id     text   NOT NULL,
    PRIMARY KEY (run_id, stack_id, domain_name),
    FOREIGN KEY (run_id, stack_id) REFERENCES run_stacks (run_id, stack_id)
);

-- Every insert, update and delete of domain_mappings, with old and new values and the run that made it.
CREATE TABLE mapping_changes (
    change_id       bigserial   PRIMARY KEY,
    run_id          bigint      NOT NULL REFERENCES sync_runs (run_id),
    domain_name     text        NOT NULL,
    action          text        NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    old_group_id    text,
    new_group_id    text,
    old_stack_id    text,
    new_stack_id    text,
    old_stack_name  text,
    new_stack_name  text,
    changed_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX mapping_changes_by_run ON mapping_changes (run_id, domain_name);
