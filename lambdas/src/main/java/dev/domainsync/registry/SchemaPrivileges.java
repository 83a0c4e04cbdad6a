package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before Flyway runs, that the role may create domain-sync's schema (when it is missing) or use and create
 * in it (when it exists), so that a role without the privilege gets one error saying what to grant rather than
 * Flyway's "permission denied" halfway through.
 */
final class SchemaPrivileges {

    private record Privileges(String role, String database, boolean schemaExists, boolean mayCreateSchema,
            boolean mayUseSchema, boolean mayCreateInSchema) {
    }

    private SchemaPrivileges() {
    }

    /** @throws SchemaPrivilegeException naming the missing privilege and the GRANT that gives it */
    static void require(Connection connection, String schema) throws SQLException {
        Privileges privileges = Sql.first(connection, """
                SELECT quote_ident(current_user) AS role, quote_ident(current_database()) AS database,
                       schema.oid IS NOT NULL AS schema_exists,
                       has_database_privilege(current_database(), 'CREATE') AS may_create_schema,
                       schema.oid IS NOT NULL AND has_schema_privilege(schema.oid, 'USAGE') AS may_use_schema,
                       schema.oid IS NOT NULL AND has_schema_privilege(schema.oid, 'CREATE') AS may_create_in_schema
                  FROM (SELECT 1) AS one
                  LEFT JOIN pg_catalog.pg_namespace schema ON schema.nspname = ?""",
                row -> new Privileges(row.getString("role"), row.getString("database"),
                        row.getBoolean("schema_exists"), row.getBoolean("may_create_schema"),
                        row.getBoolean("may_use_schema"), row.getBoolean("may_create_in_schema")),
                schema).orElseThrow();
        if (!privileges.schemaExists()) {
            if (!privileges.mayCreateSchema()) {
                throw new SchemaPrivilegeException("role " + privileges.role() + " may not create schema " + schema
                        + ": it lacks the CREATE privilege on database " + privileges.database() + ". Grant it ("
                        + "GRANT CREATE ON DATABASE " + privileges.database() + " TO " + privileges.role()
                        + ";) or have an administrator create the schema for the role (CREATE SCHEMA " + schema
                        + " AUTHORIZATION " + privileges.role() + ";)");
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!privileges.mayUseSchema()) {
            missing.add("USAGE");
        }
        if (!privileges.mayCreateInSchema()) {
            missing.add("CREATE");
        }
        if (!missing.isEmpty()) {
            String list = String.join(", ", missing);
            throw new SchemaPrivilegeException("role " + privileges.role() + " lacks the " + String.join(" and ",
                    missing) + " privilege" + (missing.size() > 1 ? "s" : "") + " on schema " + schema
                    + ", which domain-sync needs to keep its tables there. Grant " + (missing.size() > 1 ? "them" : "it")
                    + " (GRANT " + list + " ON SCHEMA " + schema + " TO " + privileges.role() + ";)");
        }
    }
}
