package dev.pgdrill.activities.restore;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.Kind;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Puts a verified replacement database in production's place by renames only: production is never
 * dropped or overwritten. The current production database becomes {@code <db>__pre_restore_<time>} and is
 * kept until an operator removes it; if the second rename fails, the first is undone. Every step is
 * idempotent: a retry after a crash finds where the previous attempt stopped.
 */
public final class ProductionSwitch {
    private ProductionSwitch() {}

    /**
     * @param server      the production profile (connections go to its server's {@code postgres} database,
     *                    since nobody can rename the database they are connected to)
     * @param replacement a sandbox carrying {@code owner}'s marker, verified by the caller
     * @param preRestore  the name production's current database gets
     */
    public static void switchTo(DatabaseProfile server, String replacement, String preRestore, String owner)
            throws SQLException, OwnershipException {
        String prod = server.database();
        try (Connection c = Connections.open(server, "postgres");
                Statement st = c.createStatement()) {
            Optional<String> prodComment = OwnedDatabases.comment(c, prod);
            if (prodComment.isPresent() && prodComment.get().equals(Kind.RESTORED.marker(owner))) {
                return; // switched already by this restore: a retried activity
            }
            Optional<String> replacementComment = OwnedDatabases.comment(c, replacement);
            boolean prodRenamed = OwnedDatabases.comment(c, preRestore).isPresent();
            if (replacementComment.isEmpty() || !replacementComment.get().equals(OwnedDatabases.sandboxMarker(owner))) {
                throw new OwnershipException("the replacement database '" + replacement
                        + "' is missing or not this restore's: production left as it was");
            }
            if (!prodRenamed) {
                if (prodComment.isEmpty()) {
                    throw new SQLException("production database '" + prod + "' does not exist", "3D000");
                }
                // No new sessions, then end the current ones: a rename needs the database to itself.
                st.execute("ALTER DATABASE " + Sql.ident(prod) + " WITH ALLOW_CONNECTIONS false");
                terminate(c, prod);
                try {
                    st.execute("ALTER DATABASE " + Sql.ident(prod) + " RENAME TO " + Sql.ident(preRestore));
                } catch (SQLException e) {
                    st.execute("ALTER DATABASE " + Sql.ident(prod) + " WITH ALLOW_CONNECTIONS true");
                    throw e;
                }
                st.execute("COMMENT ON DATABASE " + Sql.ident(preRestore) + " IS "
                        + Sql.literal(OwnedDatabases.preRestoreMarker(prod, owner)));
            }
            try {
                terminate(c, replacement);
                st.execute("ALTER DATABASE " + Sql.ident(replacement) + " RENAME TO " + Sql.ident(prod));
            } catch (SQLException e) {
                undoFirstRename(st, prod, preRestore);
                throw e;
            }
            st.execute("COMMENT ON DATABASE " + Sql.ident(prod) + " IS " + Sql.literal(Kind.RESTORED.marker(owner)));
            // The old production stays reachable for inspection, under its new name only.
            st.execute("ALTER DATABASE " + Sql.ident(preRestore) + " WITH ALLOW_CONNECTIONS true");
        }
    }

    /**
     * Undoes {@link #switchTo}: the restored database moves aside as {@code failedName} (kept, for the
     * post-mortem) and the pre-restore database is production again. Idempotent.
     */
    public static void switchBack(DatabaseProfile server, String preRestore, String failedName, String owner)
            throws SQLException {
        String prod = server.database();
        try (Connection c = Connections.open(server, "postgres");
                Statement st = c.createStatement()) {
            Optional<String> prodComment = OwnedDatabases.comment(c, prod);
            if (OwnedDatabases.comment(c, preRestore).isEmpty()) {
                return; // nothing to go back to: never switched, or already switched back
            }
            if (prodComment.isPresent()) {
                if (!prodComment.get().equals(Kind.RESTORED.marker(owner))) {
                    throw new SQLException(
                            "'" + prod + "' is not the database this restore switched in; not switching back");
                }
                st.execute("ALTER DATABASE " + Sql.ident(prod) + " WITH ALLOW_CONNECTIONS false");
                terminate(c, prod);
                st.execute("ALTER DATABASE " + Sql.ident(prod) + " RENAME TO " + Sql.ident(failedName));
                st.execute("ALTER DATABASE " + Sql.ident(failedName) + " WITH ALLOW_CONNECTIONS true");
                st.execute("COMMENT ON DATABASE " + Sql.ident(failedName) + " IS "
                        + Sql.literal(Kind.FAILED_RESTORE.marker(owner)));
            }
            undoFirstRename(st, prod, preRestore);
        }
    }

    private static void undoFirstRename(Statement st, String prod, String preRestore) throws SQLException {
        st.execute("ALTER DATABASE " + Sql.ident(preRestore) + " RENAME TO " + Sql.ident(prod));
        st.execute("COMMENT ON DATABASE " + Sql.ident(prod) + " IS NULL");
        st.execute("ALTER DATABASE " + Sql.ident(prod) + " WITH ALLOW_CONNECTIONS true");
    }

    private static void terminate(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // each row is one ended session
                }
            }
        }
        // pg_terminate_backend signals; give the sessions a moment to be gone before the rename.
        for (int i = 0; i < 50 && sessions(c, database) > 0; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int sessions(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
