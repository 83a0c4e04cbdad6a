package dev.domainsync.registry;

import dev.domainsync.json.Primeable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Migrates a registry's schema before its first write in this execution environment, once; a failed migration is
 * tried again on the next call rather than working on a schema that may lack a migration.
 */
final class SchemaMigration implements Primeable {

    private final Database db;
    private final AtomicBoolean done;

    /** {@code done} when the schema is already migrated (tests, the CLI), else migrated on the first call. */
    SchemaMigration(Database db, boolean done) {
        this.db = Objects.requireNonNull(db, "db");
        this.done = new AtomicBoolean(done);
    }

    /**
     * Migrates before SnapStart's snapshot, so that it happens once per published version (the deployment, when a
     * schema change belongs) and never on a restored function's first request. The handler's rehearsal then runs
     * the registry's statements (see {@link dev.domainsync.json.Rehearsal}); Flyway's connections are closed again.
     */
    @Override
    public void prime() {
        ensure();
    }

    void ensure() {
        if (done.compareAndSet(false, true)) {
            try {
                db.migrate();
            } catch (RuntimeException e) {
                done.set(false);
                throw e;
            }
        }
    }
}
