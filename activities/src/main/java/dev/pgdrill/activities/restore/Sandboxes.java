package dev.pgdrill.activities.restore;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Databases pgdrill creates, each carrying an ownership marker in its comment. pgdrill drops only what
 * carries its marker for the same owner: a name clash with someone else's database is refused, never
 * "cleaned up".
 */
public final class Sandboxes {
    public static final String MARKER_PREFIX = "pgdrill:owner=";
    /** pgdrill_<purpose>_<hex> sandboxes, and <db>__pgdrill_<hex> side databases next to production. */
    private static final Pattern NAME = Pattern.compile("pgdrill_[a-z0-9_]{1,50}|[A-Za-z0-9_]{1,40}__pgdrill_[a-z0-9]{1,16}");

    private Sandboxes() {}

    public static String marker(String owner) {
        return MARKER_PREFIX + owner;
    }

    /** Creates {@code name} from template0 with our marker; an earlier attempt's database of ours is replaced. */
    public static void create(DatabaseProfile server, String name, String owner) throws SQLException, OwnershipException {
        checkName(name);
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            Optional<String> comment = comment(c, name);
            if (comment.isPresent()) {
                if (!comment.get().equals(marker(owner))) {
                    throw new OwnershipException("database '" + name + "' on " + server.host() + ":" + server.port()
                            + " exists and is not pgdrill's (" + describe(comment.get()) + "): left untouched");
                }
                st.execute("DROP DATABASE " + Sql.ident(name) + " WITH (FORCE)");
            }
            st.execute("CREATE DATABASE " + Sql.ident(name) + " TEMPLATE template0");
            st.execute("COMMENT ON DATABASE " + Sql.ident(name) + " IS " + Sql.literal(marker(owner)));
        }
    }

    /** Drops {@code name} if it carries our marker for {@code owner}; absent is fine; anything else is refused. */
    public static boolean drop(DatabaseProfile server, String name, String owner) throws SQLException, OwnershipException {
        checkName(name);
        try (Connection c = Connections.open(server); Statement st = c.createStatement()) {
            Optional<String> comment = comment(c, name);
            if (comment.isEmpty()) {
                return false;
            }
            if (!comment.get().equals(marker(owner))) {
                throw new OwnershipException("refusing to drop database '" + name + "': it does not carry pgdrill's"
                        + " marker for " + owner + " (" + describe(comment.get()) + ")");
            }
            st.execute("DROP DATABASE " + Sql.ident(name) + " WITH (FORCE)");
            return true;
        }
    }

    /** The database's comment ("" when it has none), or empty when there is no such database. */
    public static Optional<String> comment(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String describe(String comment) {
        return comment.isEmpty() ? "no comment" : "comment '" + comment + "'";
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a pgdrill sandbox name: '" + name + "'");
        }
    }

    /** The database exists but is not ours. */
    public static final class OwnershipException extends Exception {
        public OwnershipException(String message) {
            super(message);
        }
    }
}
