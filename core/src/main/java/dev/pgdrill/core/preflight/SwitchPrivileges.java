package dev.pgdrill.core.preflight;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What an emergency restore needs of a production profile's role, checked before any run starts: a superuser
 * has it all; anyone else must have CREATEDB (to create the side database and rename databases), own
 * production's database (or be a member of its owner: to rename it, close it and mark it), be a member of
 * {@code pg_signal_backend} (to end the application's sessions before the rename), and be a member of every
 * role that owns something in it (the side restore keeps owners).
 */
public final class SwitchPrivileges {
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

    private SwitchPrivileges() {}

    /** What the role lacks, each with the statement (run as a superuser) that gives it; empty when it can switch. */
    public static List<Problem> problems(Connection c, DatabaseProfile p) throws SQLException {
        List<Problem> out = new ArrayList<>();
        String user = Sql.ident(p.user());
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT r.rolsuper, r.rolcreatedb,"
                        + " pg_has_role(current_user, d.datdba, 'MEMBER'), pg_get_userbyid(d.datdba),"
                        + " pg_has_role(current_user, 'pg_signal_backend', 'MEMBER')"
                        + " FROM pg_roles r, pg_database d WHERE r.rolname = current_user"
                        + " AND d.datname = current_database()")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return out;
            }
            if (!rs.getBoolean(2)) {
                out.add(new Problem(
                        "CREATEDB, to create the side database and rename databases",
                        "ALTER ROLE " + user + " CREATEDB"));
            }
            if (!rs.getBoolean(3)) {
                out.add(new Problem(
                        "to own database '" + p.database() + "' (its owner is " + rs.getString(4)
                                + "), to rename it, close it and mark it",
                        "ALTER DATABASE " + Sql.ident(p.database()) + " OWNER TO " + user));
            }
            if (!rs.getBoolean(5)) {
                out.add(new Problem(
                        "membership in pg_signal_backend, to end the application's sessions before the rename",
                        "GRANT pg_signal_backend TO " + user));
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA
                        + " AND NOT pg_has_role(current_user, c.relowner, 'MEMBER') ORDER BY 1")) {
            while (rs.next()) {
                out.add(new Problem(
                        "membership in " + rs.getString(1)
                                + ", which owns tables the side restore recreates with their owner",
                        "GRANT " + Sql.ident(rs.getString(1)) + " TO " + user));
            }
        }
        return out;
    }

    /** @param fix the statement, run as a superuser, that gives what is missing */
    public record Problem(String what, String fix) {}
}
