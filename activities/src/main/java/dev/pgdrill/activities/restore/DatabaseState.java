package dev.pgdrill.activities.restore;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a database on the server is, read from the server alone. {@link #fresh}: nothing in it but what
 * template0 has, and nobody connected (a restore may use it as it is). {@link #copyOf}: a block copy of another
 * database (the same relations with the same oids and file numbers, which only {@code CREATE DATABASE …
 * TEMPLATE} of that database makes): how a copy whose worker died after the copy committed, before its marker,
 * is known to be this restore's own (see {@link SandboxCopy}).
 */
final class DatabaseState {
    /** Objects PostgreSQL's own catalogs do not ship with have oids from here (FirstNormalObjectId). */
    private static final String USER_OIDS = "oid >= 16384";

    private DatabaseState() {}

    /** Whether {@code name} holds nothing but what template0 has, and no session but this one uses it. */
    static boolean fresh(DatabaseProfile server, String name) throws SQLException {
        try (Connection c = Connections.open(server, name);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid())"
                        + " + (SELECT count(*) FROM pg_class WHERE " + USER_OIDS + ")"
                        + " + (SELECT count(*) FROM pg_namespace WHERE " + USER_OIDS + ")"
                        + " + (SELECT count(*) FROM pg_proc WHERE " + USER_OIDS + ")"
                        + " + (SELECT count(*) FROM pg_type WHERE " + USER_OIDS + ")")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /** Whether {@code copy} is a block copy of {@code source}: its relations, with their oids and file numbers. */
    static boolean copyOf(DatabaseProfile server, String copy, String source) throws SQLException {
        String a = relations(server, copy);
        return !a.isEmpty() && a.equals(relations(server, source));
    }

    private static String relations(DatabaseProfile server, String database) throws SQLException {
        try (Connection c = Connections.open(server, database);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(md5(string_agg(oid || ':' || relname || ':'"
                        + " || relfilenode, ',' ORDER BY oid)), '') FROM pg_class WHERE " + USER_OIDS)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
