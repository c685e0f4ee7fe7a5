package dev.pgdrill.activities.restore;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sandboxes: databases pgdrill creates for drills, staging restores and side restores, each carrying its
 * owner's marker. Dropping goes through {@link OwnedDatabases#drop}, the one ownership-checked path.
 */
public final class Sandboxes {
    /**
     * pgdrill_<purpose>_<hex> sandboxes, and <db>__pgdrill_<hex> side databases next to production (whatever
     * characters production's name has: the workflow shortens it to fit 63 bytes).
     */
    private static final Pattern NAME = Pattern.compile("pgdrill_[a-z0-9_]{1,50}|.+__pgdrill_[a-z0-9]{1,16}");

    private Sandboxes() {}

    /** Creates {@code name} from template0 with our marker; an earlier attempt's database of ours is replaced. */
    public static void create(DatabaseProfile server, String name, String owner)
            throws SQLException, OwnershipException {
        create(server, name, owner, "");
    }

    /**
     * The same, and when {@code like} names a database on that server (production, for a side database),
     * with its owner, encoding, locale and tablespace.
     */
    public static void create(DatabaseProfile server, String name, String owner, String like)
            throws SQLException, OwnershipException {
        checkName(name);
        String marker = OwnedDatabases.sandboxMarker(owner);
        try (Connection c = Connections.open(server);
                Statement st = c.createStatement()) {
            Optional<String> comment = OwnedDatabases.comment(c, name);
            if (comment.isPresent() && !comment.get().equals(marker)) {
                throw new OwnershipException("database '" + name + "' on " + server.host() + ":" + server.port()
                        + " exists and is not pgdrill's (" + OwnedDatabases.describe(comment.get())
                        + "): left untouched");
            }
            OwnedDatabases.drop(c, name, marker);
            st.execute(
                    like.isEmpty()
                            ? "CREATE DATABASE " + Sql.ident(name) + " TEMPLATE template0"
                            : DatabaseLike.createSql(c, name, like));
            st.execute("COMMENT ON DATABASE " + Sql.ident(name) + " IS " + Sql.literal(marker));
        }
    }

    /**
     * Before a restore into {@code name}: the database {@link #create} made for it is used as it is when it is
     * ours, fresh (see {@link DatabaseState#fresh}) and made like {@code like}; anything else (a retry after
     * the restore began) is created anew. Saves a DROP DATABASE (a checkpoint) and a CREATE DATABASE per
     * restore, and with them the moment a dying worker could leave a database without its marker.
     */
    public static void prepare(DatabaseProfile server, String name, String owner, String like)
            throws SQLException, OwnershipException {
        checkName(name);
        try (Connection c = Connections.open(server)) {
            Optional<String> comment = OwnedDatabases.comment(c, name);
            if (comment.isPresent()
                    && comment.get().equals(OwnedDatabases.sandboxMarker(owner))
                    && (like.isEmpty()
                            || DatabaseLike.createSql(c, "", name).equals(DatabaseLike.createSql(c, "", like)))
                    && DatabaseState.fresh(server, name)) {
                return;
            }
        }
        create(server, name, owner, like);
    }

    /** After a restore into {@code name}: {@code like}'s connection limit, settings and grants (see {@link DatabaseLike}). */
    public static void finishLike(DatabaseProfile server, String name, String like) throws SQLException {
        try (Connection c = Connections.open(server)) {
            DatabaseLike.copySettingsAndGrants(c, like, name);
        }
    }

    /** Drops {@code name} if it carries our marker for {@code owner}; absent is fine; anything else is refused. */
    public static boolean drop(DatabaseProfile server, String name, String owner)
            throws SQLException, OwnershipException {
        checkName(name);
        try (Connection c = Connections.open(server)) {
            return OwnedDatabases.drop(c, name, OwnedDatabases.sandboxMarker(owner));
        }
    }

    static void mark(Connection c, String name, String marker) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("COMMENT ON DATABASE " + Sql.ident(name) + " IS " + Sql.literal(marker));
        }
    }

    /** A name pgdrill never makes is never created or dropped here, whatever its marker. */
    static void checkName(String name) throws OwnershipException {
        if (!NAME.matcher(name).matches() || name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new OwnershipException("not a pgdrill sandbox name: '" + name + "'");
        }
    }
}
