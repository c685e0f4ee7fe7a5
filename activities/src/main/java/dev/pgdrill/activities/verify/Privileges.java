package dev.pgdrill.activities.verify;

import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what in a database, as facts per object ({@code table public.orders} → {@code owner app_owner},
 * {@code grant app_user SELECT}, {@code rls enabled}, {@code policy tenant_isolation ALL to app_user using …}):
 * the database itself (owner, encoding and locale, connection limit, grants, {@code ALTER DATABASE … SET}
 * settings), schemas, tables, views, sequences, functions and their columns' grants. Comparing two
 * databases' facts object by object tells whether the application's roles can do exactly what they could.
 */
final class Privileges {
    /** The object that stands for the database itself. */
    static final String DATABASE = "database";

    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";
    private static final String NOT_EXTENSION =
            " NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = %s" + " AND d.deptype = 'e')";
    private static final String GRANTEE =
            "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END || ' ' || a.privilege_type"
                    + " || CASE WHEN a.is_grantable THEN ' with grant option' ELSE '' END";

    /** Every query: object key, fact. */
    private static final List<String> QUERIES = List.of(
            // the database: what CREATE DATABASE copies, its grants and its settings
            "SELECT 'database', 'owner ' || pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
                    + " UNION ALL SELECT 'database', 'encoding ' || pg_encoding_to_char(encoding) || ', collate '"
                    + " || datcollate || ', ctype ' || datctype || ', connection limit ' || datconnlimit"
                    + " FROM pg_database WHERE datname = current_database()"
                    + " UNION ALL SELECT 'database', 'grant ' || " + GRANTEE + " FROM pg_database db,"
                    + " aclexplode(coalesce(db.datacl, acldefault('d', db.datdba))) a"
                    + " WHERE db.datname = current_database()"
                    + " UNION ALL SELECT 'database', 'set ' || coalesce('for ' || s.setrole::regrole::text || ' ', '')"
                    + " || array_to_string(s.setconfig, ', ') FROM pg_db_role_setting s"
                    + " WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())",
            "SELECT 'schema ' || n.nspname, 'owner ' || pg_get_userbyid(n.nspowner) FROM pg_namespace n WHERE "
                    + USER_SCHEMA + " UNION ALL SELECT 'schema ' || n.nspname, 'grant ' || " + GRANTEE
                    + " FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE "
                    + USER_SCHEMA,
            "SELECT c.relkind::text || ' ' || n.nspname || '.' || c.relname, f.fact FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace,"
                    + " LATERAL (SELECT 'owner ' || pg_get_userbyid(c.relowner)"
                    + "   UNION ALL SELECT 'grant ' || " + GRANTEE + " FROM aclexplode(coalesce(c.relacl,"
                    + "     acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))) a"
                    + "   UNION ALL SELECT 'rls ' || CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END"
                    + "     || CASE WHEN c.relforcerowsecurity THEN ', forced' ELSE '' END"
                    + "   UNION ALL SELECT 'column ' || att.attname || ' grant ' || " + GRANTEE
                    + "     FROM pg_attribute att, aclexplode(att.attacl) a WHERE att.attrelid = c.oid"
                    + "     AND att.attacl IS NOT NULL) f(fact)"
                    + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + USER_SCHEMA + " AND"
                    + NOT_EXTENSION.formatted("c.oid"),
            "SELECT 'r ' || p.schemaname || '.' || p.tablename, 'policy ' || p.policyname || ' ' || p.permissive"
                    + " || ' ' || p.cmd || ' to ' || array_to_string(p.roles, ',') || ' using ' || coalesce(p.qual, '-')"
                    + " || ' check ' || coalesce(p.with_check, '-') FROM pg_policies p",
            "SELECT 'function ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid)"
                    + " || ')', f.fact FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,"
                    + " LATERAL (SELECT 'owner ' || pg_get_userbyid(p.proowner) UNION ALL SELECT 'grant ' || "
                    + GRANTEE + " FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a) f(fact)"
                    + " WHERE " + USER_SCHEMA + " AND" + NOT_EXTENSION.formatted("p.oid"));

    private Privileges() {}

    /**
     * {@code owners_and_grants} and {@code database_settings}: {@code actual} (a restored database) against
     * {@code expected} (production, or the old production it replaced).
     */
    static List<CheckResult> compare(Connection expected, Connection actual) throws SQLException {
        Map<String, Set<String>> before = read(expected);
        Map<String, Set<String>> after = read(actual);
        return List.of(
                compare("owners_and_grants", before, after, false), compare("database_settings", before, after, true));
    }

    /** Every object's facts, by object. */
    static Map<String, Set<String>> read(Connection c) throws SQLException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            for (String q : QUERIES) {
                try (ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                                .add(rs.getString(2));
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code actual}'s facts against {@code expected}'s, for the objects both have (a missing table is
     * {@code tables_exist}'s finding; one created after the backup is not the restore's business).
     *
     * @param databaseOnly the database itself alone, or every other object
     */
    static CheckResult compare(
            String name, Map<String, Set<String>> expected, Map<String, Set<String>> actual, boolean databaseOnly) {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
            Set<String> got = actual.get(e.getKey());
            if (got == null || e.getKey().equals(DATABASE) != databaseOnly) {
                continue;
            }
            compared++;
            Set<String> missing = new TreeSet<>(e.getValue());
            missing.removeAll(got);
            Set<String> extra = new TreeSet<>(got);
            extra.removeAll(e.getValue());
            if (!missing.isEmpty() || !extra.isEmpty()) {
                differences.add(e.getKey() + ": " + (missing.isEmpty() ? "" : "lost " + String.join(", ", missing))
                        + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                        + (extra.isEmpty() ? "" : "new " + String.join(", ", extra)));
            }
        }
        String what = databaseOnly ? "the database's owner, locale, grants and settings" : compared + " objects";
        return differences.isEmpty()
                ? CheckResult.pass(name, "as before the restore", what + " as before", "")
                : CheckResult.fail(
                        name,
                        "as before the restore",
                        differences.size() + " differ",
                        String.join("; ", differences.subList(0, Math.min(20, differences.size()))));
    }
}
