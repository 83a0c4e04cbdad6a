package dev.domainsync.registry;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Migrates a registry's schema before its first write in this execution environment, once; a failed migration is
 * tried again on the next call rather than working on a schema that may lack a migration.
 */
final class SchemaMigration {

    private final Database db;
    private final AtomicBoolean done;

    /** {@code done} when the schema is already migrated (tests, the CLI), else migrated on the first call. */
    SchemaMigration(Database db, boolean done) {
        this.db = Objects.requireNonNull(db, "db");
        this.done = new AtomicBoolean(done);
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
