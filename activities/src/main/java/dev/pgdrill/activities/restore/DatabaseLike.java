package dev.pgdrill.activities.restore;

import dev.pgdrill.core.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a side database copies of production so that, once it holds production's name, the application finds
 * what it had: the owner, encoding and locale (fixed at CREATE DATABASE), and after the restore the
 * connection limit, the {@code ALTER DATABASE … SET} and {@code ALTER ROLE … IN DATABASE … SET} settings and the
 * database's grants. (The objects inside keep their owners and grants through pg_restore itself.)
 */
final class DatabaseLike {
    /** Settings whose value is a list that PostgreSQL stores quoted element by element (as pg_dump knows). */
    private static final Set<String> LIST_SETTINGS = Set.of(
            "search_path",
            "temp_tablespaces",
            "session_preload_libraries",
            "shared_preload_libraries",
            "local_preload_libraries");

    private DatabaseLike() {}

    /** {@code CREATE DATABASE name} with production's owner, encoding, locale and tablespace. */
    static String createSql(Connection c, String name, String like) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_userbyid(d.datdba),"
                + " pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, t.spcname,"
                + " to_jsonb(d) ->> 'datlocprovider', coalesce(to_jsonb(d) ->> 'datlocale', to_jsonb(d) ->> 'daticulocale')"
                + " FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("database '" + like + "' does not exist", "3D000");
                }
                StringBuilder sql = new StringBuilder("CREATE DATABASE " + Sql.ident(name) + " TEMPLATE template0")
                        .append(" OWNER ")
                        .append(Sql.ident(rs.getString(1)))
                        .append(" ENCODING ")
                        .append(Sql.literal(rs.getString(2)))
                        .append(" LC_COLLATE ")
                        .append(Sql.literal(rs.getString(3)))
                        .append(" LC_CTYPE ")
                        .append(Sql.literal(rs.getString(4)));
                String provider = rs.getString(6);
                if ("i".equals(provider)) {
                    sql.append(" LOCALE_PROVIDER icu ICU_LOCALE ").append(Sql.literal(rs.getString(7)));
                } else if ("b".equals(provider)) {
                    sql.append(" LOCALE_PROVIDER builtin BUILTIN_LOCALE ").append(Sql.literal(rs.getString(7)));
                }
                if (!rs.getString(5).equals("pg_default")) {
                    sql.append(" TABLESPACE ").append(Sql.ident(rs.getString(5)));
                }
                return sql.toString();
            }
        }
    }

    /**
     * After the restore: production's connection limit, database settings (for everyone and per role) and
     * grants, on {@code target}. Settings come last, after pg_restore: one like {@code default_transaction_read_only}
     * must not stop the restore itself.
     */
    static void copySettingsAndGrants(Connection c, String like, String target) throws SQLException {
        List<String> statements = new ArrayList<>();
        String t = Sql.ident(target);
        try (PreparedStatement ps = c.prepareStatement("SELECT d.datconnlimit, d.datacl IS NULL,"
                + " pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("database '" + like + "' does not exist", "3D000");
                }
                statements.add("ALTER DATABASE " + t + " WITH CONNECTION LIMIT " + rs.getInt(1));
                if (!rs.getBoolean(2)) {
                    // Exactly production's list: nothing implicit left (PUBLIC's default CONNECT, the owner's own).
                    statements.add("REVOKE ALL ON DATABASE " + t + " FROM PUBLIC, " + Sql.ident(rs.getString(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC'"
                + " ELSE quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, a.is_grantable"
                + " FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statements.add("GRANT " + rs.getString(2) + " ON DATABASE " + t + " TO " + rs.getString(1)
                            + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN s.setrole = 0 THEN NULL"
                + " ELSE pg_get_userbyid(s.setrole) END, unnest(s.setconfig) FROM pg_db_role_setting s"
                + " WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = ?)")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String role = rs.getString(1);
                    statements.add((role == null
                                    ? "ALTER DATABASE " + t
                                    : "ALTER ROLE " + Sql.ident(role) + " IN DATABASE " + t)
                            + " SET " + setting(rs.getString(2)));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    // A role's settings in a database need CREATEROLE (or superuser) to copy: without it the
                    // setting is left out, and the side database's database_settings check names it (FAIL).
                    if (!sql.startsWith("ALTER ROLE ") || !"42501".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        }
    }

    /** {@code name=value} as stored, back to {@code name TO 'value'} (or a list of quoted elements). */
    static String setting(String stored) {
        int eq = stored.indexOf('=');
        String name = stored.substring(0, eq);
        String value = stored.substring(eq + 1);
        // A custom setting's name has a dot (app.tenant): each part is an identifier.
        String quotedName = String.join(
                ".", Arrays.stream(name.split("\\.")).map(Sql::ident).toList());
        if (!LIST_SETTINGS.contains(name)) {
            return quotedName + " TO " + Sql.literal(value);
        }
        List<String> elements = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                elements.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        elements.add(cur.toString().strip());
        return quotedName + " TO "
                + String.join(", ", elements.stream().map(Sql::literal).toList());
    }
}
