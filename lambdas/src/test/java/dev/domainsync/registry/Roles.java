package dev.domainsync.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Database roles for tests of privileges: created as the superuser, reached through a URL of their own. */
public final class Roles {

    /** Every test role's password (the embedded server trusts local connections, a container may not). */
    public static final String PASSWORD = "r0le-Pa55";

    private Roles() {
    }

    /** Creates {@code role} (cluster-wide, once) as an ordinary login role with no privilege beyond PUBLIC's. */
    public static void login(TestDatabase db, String role) {
        superuser(db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
    }

    /** {@code db}'s JDBC URL for {@code role} instead of the superuser. */
    public static String url(TestDatabase db, String role) {
        String url = db.jdbcUrl().replaceAll("([?&])(user|password)=[^&]*&?", "$1");
        String separator = url.endsWith("?") || url.endsWith("&") ? "" : url.contains("?") ? "&" : "?";
        return url + separator + "user=" + role + "&password=" + PASSWORD;
    }

    /** Runs {@code sql} (one or more statements) in {@code db} as the superuser, outside any schema pinning. */
    public static void superuser(TestDatabase db, String sql) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test setup failed: " + e.getMessage(), e);
        }
    }

    /** The names of the schemas in {@code db}. */
    public static List<String> schemas(TestDatabase db) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT nspname FROM pg_namespace ORDER BY nspname")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + e.getMessage(), e);
        }
    }
}
