package dev.pgdrill.activities.restore;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.core.db.OwnedDatabases.OwnershipException;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.workflows.activities.CopyRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * A side database made as a copy of the verified staging database on production's server: {@code CREATE
 * DATABASE … TEMPLATE} copies it block for block, so the copy holds exactly the data that was verified, in a
 * fraction of a restore's time. Its encoding and locale are the staging database's (created like production's);
 * owner, connection limit, settings and grants are production's, as for a restored side database.
 */
final class SandboxCopy {
    /**
     * Why PostgreSQL may refuse the copy where a restore would still work: the source has other sessions
     * (55006), or the role is neither superuser nor the source's owner (42501).
     */
    private static final Set<String> RESTORE_INSTEAD = Set.of("55006", "42501");

    private SandboxCopy() {}

    /** See {@code DatabaseActivities#copySandbox}: "" when copied, else why not (nothing created). */
    static String copy(DatabaseProfile server, CopyRequest r) throws SQLException, OwnershipException {
        Sandboxes.checkName(r.source());
        Sandboxes.checkName(r.database());
        String marker = OwnedDatabases.sandboxMarker(r.owner());
        try (Connection c = Connections.open(server);
                Statement st = c.createStatement()) {
            Optional<String> source = OwnedDatabases.comment(c, r.source());
            if (source.isEmpty() || !source.get().equals(OwnedDatabases.sandboxMarker(r.sourceOwner()))) {
                throw new OwnershipException("the database to copy '" + r.source() + "' is "
                        + (source.isEmpty()
                                ? "missing"
                                : "not this restore's (" + OwnedDatabases.describe(source.get()) + ")"));
            }
            Optional<String> existing = OwnedDatabases.comment(c, r.database());
            if (existing.isPresent()
                    && existing.get().isEmpty()
                    && DatabaseState.copyOf(server, r.database(), r.source())) {
                // The copy committed, the worker died before marking it: it is whole (CREATE DATABASE is atomic).
                Sandboxes.mark(c, r.database(), marker);
                DatabaseLike.copySettingsAndGrants(c, r.likeDatabase(), r.database());
                return "";
            }
            if (existing.isPresent() && !existing.get().equals(marker)) {
                throw new OwnershipException("database '" + r.database() + "' on " + server.host() + ":"
                        + server.port() + " exists and is not pgdrill's ("
                        + OwnedDatabases.describe(existing.get()) + "): left untouched");
            }
            OwnedDatabases.drop(c, r.database(), marker); // an earlier attempt's copy
            try {
                st.execute("CREATE DATABASE " + Sql.ident(r.database()) + " TEMPLATE " + Sql.ident(r.source())
                        + " OWNER " + Sql.ident(ownerOf(c, r.likeDatabase())));
            } catch (SQLException e) {
                if (RESTORE_INSTEAD.contains(e.getSQLState())) {
                    return SqlErrors.cause(e);
                }
                throw e;
            }
            st.execute("COMMENT ON DATABASE " + Sql.ident(r.database()) + " IS " + Sql.literal(marker));
            DatabaseLike.copySettingsAndGrants(c, r.likeDatabase(), r.database());
            return "";
        }
    }

    private static String ownerOf(Connection c, String database) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("database '" + database + "' does not exist", "3D000");
                }
                return rs.getString(1);
            }
        }
    }
}
