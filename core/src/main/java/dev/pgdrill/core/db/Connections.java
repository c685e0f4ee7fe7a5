package dev.pgdrill.core.db;

import dev.pgdrill.core.config.DatabaseProfile;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Opens JDBC connections and builds libpq environments from a profile; the one place a password is read. */
public final class Connections {
    /** Fail fast on an unreachable host instead of the driver's long default. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private Connections() {}

    public static Connection open(DatabaseProfile p) throws SQLException {
        return open(p, p.database());
    }

    public static Connection open(DatabaseProfile p, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", p.user());
        password(p).ifPresent(pw -> props.setProperty("password", pw));
        props.setProperty("sslmode", p.sslmode());
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "pgdrill");
        return DriverManager.getConnection(url(p, database), props);
    }

    /** A JDBC URL without credentials (safe to log). */
    public static String url(DatabaseProfile p, String database) {
        String host = p.host().contains(":") ? "[" + p.host() + "]" : p.host();
        return "jdbc:postgresql://" + host + ":" + p.port() + "/" + urlEncode(database);
    }

    /**
     * The libpq environment for one database: the password travels in PGPASSWORD, never on a command
     * line where {@code ps} would show it. App checks get it as it is; pg_dump, pg_restore and pg_amcheck
     * get it with the password moved into a password file (activities' ScratchDir.libpqEnv).
     */
    public static Map<String, String> libpqEnv(DatabaseProfile p, String database) throws SQLException {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", p.host());
        env.put("PGPORT", String.valueOf(p.port()));
        env.put("PGUSER", p.user());
        env.put("PGDATABASE", database);
        env.put("PGSSLMODE", p.sslmode());
        env.put("PGAPPNAME", "pgdrill");
        env.put("PGCONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        password(p).ifPresent(pw -> env.put("PGPASSWORD", pw));
        return env;
    }

    public static Optional<String> password(DatabaseProfile p) throws SQLException {
        if (p.password().isPresent()) {
            return Optional.of(p.password().get().reveal());
        }
        if (p.passwordFile().isPresent()) {
            try {
                return Optional.of(Files.readString(p.passwordFile().get()).strip());
            } catch (IOException e) {
                throw new SQLException(
                        "unable to read passwordFile '" + p.passwordFile().get() + "' of profile '" + p.name() + "': "
                                + e.getMessage(),
                        "28000");
            }
        }
        return Optional.empty();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
