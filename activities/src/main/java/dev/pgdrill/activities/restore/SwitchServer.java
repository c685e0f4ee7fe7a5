package dev.pgdrill.activities.restore;

import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.workflows.activities.SwitchRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The production server as the switch sees it: what each database is (its marker and whether it takes
 * connections), and the statements the switch runs, one at a time, each reported to a {@link Listener}
 * after it succeeded. The connection goes to the server's {@code postgres} database: nobody can rename the
 * database they are connected to.
 */
final class SwitchServer {
    /**
     * How long a switch statement may wait for a lock, and run at all, before it fails (and the switch goes
     * back): well inside the switch activity's heartbeat timeout, so no statement outlives its attempt.
     */
    private static final String LOCK_TIMEOUT = "5s";

    private static final String STATEMENT_TIMEOUT = "10s";
    /** A session ended by pg_terminate_backend is gone within milliseconds; this is the patience for more. */
    private static final int TERMINATE_WAIT_MS = 5_000;

    /**
     * Told after every statement that changed (or tried to change) the server. The worker heartbeats there;
     * tests inject failures there, one statement at a time.
     */
    @FunctionalInterface
    interface Listener {
        void after(String statement) throws SQLException;
    }

    /** One database on the server: {@code comment} is "" when it has none. */
    record Db(String name, boolean exists, String comment, boolean allowsConnections) {
        static Db absent(String name) {
            return new Db(name, false, "", false);
        }

        boolean carries(String marker) {
            return exists && comment.equals(marker);
        }

        boolean startsWith(String markerLine) {
            return exists && (comment.equals(markerLine) || comment.startsWith(markerLine + "\n"));
        }
    }

    private final Connection c;
    private final Listener listener;

    SwitchServer(Connection c, Listener listener) throws SQLException {
        this.c = c;
        this.listener = listener;
        try (Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            st.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
        }
    }

    Db read(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(shobj_description(oid, 'pg_database'), ''),"
                + " datallowconn FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Db(name, true, rs.getString(1), rs.getBoolean(2)) : Db.absent(name);
            }
        }
    }

    void comment(String db, String comment) throws SQLException {
        run(
                "comment " + db,
                "COMMENT ON DATABASE " + Sql.ident(db) + " IS " + (comment.isEmpty() ? "NULL" : Sql.literal(comment)));
    }

    void allowConnections(String db, boolean allow) throws SQLException {
        run((allow ? "open " : "close ") + db, "ALTER DATABASE " + Sql.ident(db) + " WITH ALLOW_CONNECTIONS " + allow);
    }

    void rename(String from, String to) throws SQLException {
        run("rename " + from + " to " + to, "ALTER DATABASE " + Sql.ident(from) + " RENAME TO " + Sql.ident(to));
    }

    /**
     * Ends every other session on {@code db} and waits for them to be gone (a rename needs the database to
     * itself). Needs superuser, membership in the sessions' roles, or {@code pg_signal_backend}: without it
     * PostgreSQL refuses, and the switch goes back with that reason.
     */
    void terminate(String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // each row is one session told to end
                }
            }
        }
        long deadline = System.nanoTime() + TERMINATE_WAIT_MS * 1_000_000L;
        while (sessions(db) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while sessions on '" + db + "' end", "57014", e);
            }
        }
        listener.after("end sessions on " + db);
    }

    private int sessions(String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void run(String what, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
        listener.after(what);
    }

    /** What the server shows of the four databases a switch names, for messages. */
    String describe(String prod, SwitchRequest r) throws SQLException {
        StringBuilder b = new StringBuilder("production ");
        for (String db : new String[] {prod, r.side(), r.preRestore(), r.failedRestore()}) {
            b.append(db.equals(prod) ? "" : ", ").append(describe(read(db)));
        }
        return b.toString();
    }

    private static String describe(Db d) {
        return d.exists()
                ? "'" + d.name() + "' (" + OwnedDatabases.describe(OwnedDatabases.markerLine(d.comment()))
                        + (d.allowsConnections() ? ", open)" : ", closed)")
                : "'" + d.name() + "' absent";
    }
}
