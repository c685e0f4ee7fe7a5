package dev.pgdrill.core.db;

import dev.pgdrill.core.config.DatabaseProfile;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;

/** Turns driver exceptions into one clear line plus a hint, by SQLSTATE. */
public final class SqlErrors {
    /** Refusals that retrying cannot change: bad password, refused role, no database, no privilege, no table. */
    private static final Set<String> PERMANENT_SQL_STATES = Set.of("28P01", "28000", "3D000", "42501", "42P01");

    private SqlErrors() {}

    /** Whether the server refused us for good (as opposed to a dropped connection or a busy server). */
    public static boolean permanent(SQLException e) {
        return e.getSQLState() != null && PERMANENT_SQL_STATES.contains(e.getSQLState());
    }

    /** A one-line cause, without the driver's stack or multi-line detail. */
    public static String cause(SQLException e) {
        // The driver says only "The connection attempt failed." for DNS errors; the cause says which host.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host '" + t.getMessage() + "'";
            }
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.lines().findFirst().orElse(msg).replaceFirst("^(FATAL|ERROR): ", "");
    }

    /** What the operator can do about it, or empty when the message says it all. */
    public static String hint(SQLException e, DatabaseProfile p) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "28P01" ->
                "check the password of profile '" + p.name() + "' (databases." + p.name()
                        + ".password or passwordFile)";
            case "28000" -> "the server refused role '" + p.user() + "': check pg_hba.conf and that the role exists";
            case "3D000" ->
                "create database '" + p.database() + "' on " + p.host() + ":" + p.port() + " or fix databases."
                        + p.name() + ".database";
            case "08001", "08004", "08006" ->
                "is PostgreSQL running and accepting TCP connections on " + p.host() + ":" + p.port() + "?";
            default -> "";
        };
    }
}
