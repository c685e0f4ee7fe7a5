package dev.pgdrill.activities.verify;

import dev.pgdrill.core.db.Sql;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a restored database proves about itself, whatever the manifest says: every foreign key holds
 * (re-checked by anti-join, not trusted from the catalog) and no sequence is behind the column it feeds.
 */
final class IntegrityChecks {
    record ForeignKey(
            String name,
            String schema,
            String table,
            String parentSchema,
            String parentTable,
            List<String> childColumns,
            List<String> parentColumns) {}

    record OwnedSequence(String schema, String name, String tableSchema, String table, String column) {}

    private IntegrityChecks() {}

    /** Every foreign key, to re-check by anti-join (MATCH SIMPLE: rows with a NULL key column are exempt). */
    static List<ForeignKey> foreignKeys(Connection c) throws SQLException {
        List<ForeignKey> fks = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT con.conname, cn.nspname, cl.relname, pn.nspname, pl.relname,"
                        + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)"
                        + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)::text[],"
                        + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)"
                        + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)::text[]"
                        + " FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace"
                        + " JOIN pg_class pl ON pl.oid = con.confrelid JOIN pg_namespace pn ON pn.oid = pl.relnamespace"
                        + " WHERE con.contype = 'f' ORDER BY 2, 3, 1")) {
            while (rs.next()) {
                fks.add(new ForeignKey(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        List.of((String[]) rs.getArray(6).getArray()),
                        List.of((String[]) rs.getArray(7).getArray())));
            }
        }
        return fks;
    }

    /** The child rows whose key has no parent: one anti-join. */
    static long orphans(Connection c, ForeignKey fk) throws SQLException {
        StringBuilder notNull = new StringBuilder();
        StringBuilder join = new StringBuilder();
        for (int i = 0; i < fk.childColumns().size(); i++) {
            String childCol = Sql.ident(fk.childColumns().get(i));
            notNull.append(i == 0 ? "" : " AND ").append("c.").append(childCol).append(" IS NOT NULL");
            join.append(i == 0 ? "" : " AND ")
                    .append("p.")
                    .append(Sql.ident(fk.parentColumns().get(i)))
                    .append(" = c.")
                    .append(childCol);
        }
        String sql = "SELECT count(*) FROM " + Sql.ident(fk.schema()) + "." + Sql.ident(fk.table()) + " c WHERE "
                + notNull + " AND NOT EXISTS (SELECT 1 FROM " + Sql.ident(fk.parentSchema()) + "."
                + Sql.ident(fk.parentTable()) + " p WHERE " + join + ")";
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @param orphans each foreign key's orphaned rows, in the order of {@code fks} */
    static CheckResult foreignKeysResult(List<ForeignKey> fks, List<Long> orphans) {
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < fks.size(); i++) {
            ForeignKey fk = fks.get(i);
            if (orphans.get(i) > 0) {
                broken.add(
                        fk.schema() + "." + fk.table() + "." + fk.name() + ": " + orphans.get(i) + " orphaned row(s)");
            }
        }
        return broken.isEmpty()
                ? CheckResult.pass("foreign_keys", "no orphaned rows", fks.size() + " foreign keys hold", "")
                : CheckResult.fail(
                        "foreign_keys",
                        "no orphaned rows",
                        broken.size() + " foreign keys broken",
                        String.join("; ", broken));
    }

    /** A sequence behind the column it feeds would hand out ids that already exist. */
    static CheckResult sequences(Connection c) throws SQLException {
        List<String> behind = new ArrayList<>();
        List<OwnedSequence> owned = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT sn.nspname, s.relname, tn.nspname, t.relname, a.attname FROM pg_class s"
                                + " JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                                + " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')"
                                + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                                + " WHERE s.relkind = 'S' ORDER BY 1, 2")) {
            while (rs.next()) {
                owned.add(new OwnedSequence(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        for (OwnedSequence s : owned) {
            String sql = "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM "
                    + Sql.ident(s.schema()) + "." + Sql.ident(s.name()) + "), (SELECT max(" + Sql.ident(s.column())
                    + ")::bigint FROM " + Sql.ident(s.tableSchema()) + "." + Sql.ident(s.table()) + ")";
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long seq = rs.getLong(1);
                long max = rs.getLong(2);
                if (!rs.wasNull() && seq < max) {
                    behind.add(s.schema() + "." + s.name() + " at " + seq + ", max(" + s.table() + "." + s.column()
                            + ") = " + max);
                }
            }
        }
        return behind.isEmpty()
                ? CheckResult.pass("sequences", "no sequence behind its column", owned.size() + " sequences ahead", "")
                : CheckResult.fail(
                        "sequences",
                        "no sequence behind its column",
                        behind.size() + " behind",
                        String.join("; ", behind));
    }
}
