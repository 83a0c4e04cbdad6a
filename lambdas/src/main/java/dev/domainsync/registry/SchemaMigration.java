package dev.domainsync.registry;

import dev.domainsync.json.Primeable;
import java.util.List;
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
     * schema change belongs) and never on a restored function's first request; then runs one transaction to load
     * the JDBC path. The connections are closed again: none may survive into the snapshot.
     */
    @Override
    public void prime() {
        ensure();
        db.inTransaction(connection -> Sql.count(connection, "SELECT count(*) FROM run_lease WHERE execution_id = ANY (?)",
                Sql.textArray(connection, List.of("prime"))));
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
