package dev.pgdrill.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Databases pgdrill made, recognised by the marker in their comment ({@code COMMENT ON DATABASE}), and the
 * one code path that drops any of them. pgdrill drops only a database whose marker, read again right
 * before the drop, is still the one the caller expects and says pgdrill may drop it: a name clash with
 * someone else's database is refused, never "cleaned up". Teardown and {@code pgdrill cleanup} both drop
 * through {@link #drop}.
 */
public final class OwnedDatabases {
    /**
     * What a marker says a database is, and whether pgdrill may ever drop it. Every marker names the
     * workflow that wrote it (its owner), last: {@link #ownerOf} reads it back.
     */
    public enum Kind {
        /** A drill, staging or side database; {@code pgdrill:owner=<workflow id>}. */
        SANDBOX("pgdrill:owner=", true, "sandbox (left by an interrupted run?)"),
        /**
         * The production database a switch replaced, kept until an operator drops it;
         * {@code pgdrill:pre-restore-of=<db> by <workflow id>}.
         */
        PRE_RESTORE("pgdrill:pre-restore-of=", true, "pre-restore (kept old production)"),
        /** A restored database that failed production verification and was set aside; {@code …=<workflow id>}. */
        FAILED_RESTORE("pgdrill:failed-restore-by=", true, "failed restore (set aside)"),
        /**
         * The replacement from the moment the switch claims it until the switch is committed: production (or
         * about to be), never dropped; {@code pgdrill:restored-by=<workflow id>}.
         */
        RESTORED("pgdrill:restored-by=", false, "production (restored by pgdrill)"),
        /**
         * Production while a switch moves it aside, until the switch is committed or undone; never dropped
         * (it is production's data). {@code pgdrill:switching-out-of=<db> by <workflow id>}, then on a second
         * line production's own comment, which the switch puts back.
         */
        SWITCHING_OUT("pgdrill:switching-out-of=", false, "production being switched out (see the runbook)");

        private final String prefix;
        private final boolean droppable;
        private final String label;

        Kind(String prefix, boolean droppable, String label) {
            this.prefix = prefix;
            this.droppable = droppable;
            this.label = label;
        }

        /** Whether pgdrill may ever drop a database of this kind (never production). */
        public boolean droppable() {
            return droppable;
        }

        /** How {@code pgdrill cleanup} describes it. */
        public String label() {
            return label;
        }

        public String prefix() {
            return prefix;
        }

        public String marker(String value) {
            return prefix + value;
        }

        public static Optional<Kind> of(String comment) {
            return Arrays.stream(values())
                    .filter(k -> comment != null && comment.startsWith(k.prefix))
                    .findFirst();
        }

        /**
         * The workflow id a marker names as its owner, or empty when the comment is no marker or names
         * none. The id is the marker's last word: a pre-restore marker puts the old database's name first.
         */
        public static Optional<String> ownerOf(String comment) {
            return of(comment)
                    .map(k -> {
                        String value = markerLine(comment).substring(k.prefix.length());
                        int by = k == PRE_RESTORE || k == SWITCHING_OUT ? value.lastIndexOf(BY) : -1;
                        return by < 0 ? value : value.substring(by + BY.length());
                    })
                    .map(String::strip)
                    .filter(owner -> !owner.isEmpty());
        }
    }

    /** Between the old database's name and the owner in a pre-restore marker. */
    private static final String BY = " by ";

    /** A database carrying a pgdrill marker. */
    public record Marked(String database, Kind kind, String comment, long sizeBytes) {}

    /** The database exists but pgdrill may not drop or reuse it. */
    public static final class OwnershipException extends Exception {
        private static final long serialVersionUID = 1L;

        public OwnershipException(String message) {
            super(message);
        }
    }

    private OwnedDatabases() {}

    /** The marker a sandbox of {@code owner} (a workflow id) carries. */
    public static String sandboxMarker(String owner) {
        return Kind.SANDBOX.marker(owner);
    }

    /** The marker of production's database {@code database} after {@code owner} (a workflow id) replaced it. */
    public static String preRestoreMarker(String database, String owner) {
        return Kind.PRE_RESTORE.marker(database + BY + owner);
    }

    /** The marker of production's database {@code database} while {@code owner} switches it out. */
    public static String switchingOutMarker(String database, String owner) {
        return Kind.SWITCHING_OUT.marker(database + BY + owner);
    }

    /**
     * A marker that also keeps the comment the database had before (production's own), on the lines after
     * the marker's: the switch puts it back when it ends.
     */
    public static String withOriginal(String marker, String original) {
        return original.isEmpty() ? marker : marker + "\n" + original;
    }

    /** The marker itself: a comment's first line. */
    public static String markerLine(String comment) {
        int nl = comment.indexOf('\n');
        return nl < 0 ? comment : comment.substring(0, nl);
    }

    /** The original comment a marker keeps after its first line ("" when none). */
    public static String original(String comment) {
        int nl = comment.indexOf('\n');
        return nl < 0 ? "" : comment.substring(nl + 1);
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

    /** Every database on the connection's server that carries a pgdrill marker, by name. */
    public static List<Marked> list(Connection c) throws SQLException {
        List<Marked> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname, shobj_description(oid, 'pg_database'),"
                        + " pg_database_size(oid) FROM pg_database"
                        + " WHERE shobj_description(oid, 'pg_database') LIKE 'pgdrill:%' ORDER BY 1")) {
            while (rs.next()) {
                String comment = rs.getString(2);
                Optional<Kind> kind = Kind.of(comment);
                if (kind.isPresent()) {
                    out.add(new Marked(rs.getString(1), kind.get(), comment, rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /**
     * Drops {@code name} if its marker is still exactly {@code expectedMarker} and of a droppable kind;
     * returns false when there is no such database. The marker is read again right before the drop, so a
     * database renamed or re-marked since the caller looked is refused.
     */
    public static boolean drop(Connection c, String name, String expectedMarker)
            throws SQLException, OwnershipException {
        Optional<String> comment = comment(c, name);
        if (comment.isEmpty()) {
            return false;
        }
        if (!comment.get().equals(expectedMarker)) {
            throw new OwnershipException("refusing to drop database '" + name + "': it carries "
                    + describe(comment.get()) + ", not pgdrill's marker '" + expectedMarker + "'");
        }
        if (Kind.of(expectedMarker).filter(k -> k.droppable).isEmpty()) {
            throw new OwnershipException("refusing to drop database '" + name + "': " + describe(comment.get())
                    + " is not a database pgdrill may drop");
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP DATABASE " + Sql.ident(name) + " WITH (FORCE)");
        }
        return true;
    }

    /** "comment '…'" or "no comment", for messages. */
    public static String describe(String comment) {
        return comment.isEmpty() ? "no comment" : "comment '" + comment + "'";
    }
}
