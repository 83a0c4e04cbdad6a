-- A custom resource registration belongs to one Custom::DomainRegistration resource, keyed by its stack and its
-- logical resource id, so that two such resources in one stack keep their own registration and the Delete of one
-- (a failed Create's rollback included) removes only what that one registered.

ALTER TABLE stack_registrations DROP CONSTRAINT stack_registrations_pkey;

ALTER TABLE stack_registrations
    -- NULL only on a registration made before V4, which did not record it: the first verified Update or Delete
    -- that names the registration's physical id adopts it under its logical id.
    ADD COLUMN logical_resource_id text,
    -- What the registration held before its last Update, which an update rollback may restore.
    ADD COLUMN previous_group_id text,
    ADD COLUMN previous_domains text[];

CREATE UNIQUE INDEX stack_registrations_by_resource ON stack_registrations (stack_id, logical_resource_id);
-- Before V4 a stack had one registration at most; so it stays among those without a logical id.
CREATE UNIQUE INDEX stack_registrations_unadopted ON stack_registrations (stack_id)
    WHERE logical_resource_id IS NULL;

ALTER TABLE registration_requests ADD COLUMN logical_resource_id text;
