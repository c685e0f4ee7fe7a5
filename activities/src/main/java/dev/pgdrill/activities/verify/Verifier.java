package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * verify-backup.sh, done properly: compares a restored database with its backup's manifest and the
 * configured rules. Each check is a finding; only an unreachable database throws.
 */
public final class Verifier {
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd().appendPattern("X").toFormatter();

    private final PgdrillConfig.Verification rules;

    public Verifier(PgdrillConfig.Verification rules) {
        this.rules = rules;
    }

    public List<CheckResult> verify(Connection c, Manifest m, ProgressListener listener) throws SQLException {
        DatabaseContents restored = DatabaseContents.read(c, rules.freshness(), n -> listener.progress("verify", n, m.tables().size()));
        Map<String, Manifest.TableEntry> got = new LinkedHashMap<>();
        restored.tables().forEach(t -> got.put(t.schema() + "." + t.name(), t));
        List<CheckResult> checks = new ArrayList<>();
        checks.add(tablesExist(m, got));
        checks.add(rowCounts(m, got));
        if (!rules.minRows().isEmpty()) {
            checks.add(minRows(got));
        }
        checks.add(contentChecksums(m, got));
        checks.add(constraints(m, restored));
        checks.add(foreignKeys(c));
        checks.add(sequences(c));
        if (!rules.freshness().isEmpty()) {
            checks.add(freshness(m, restored));
        }
        for (PgdrillConfig.Assertion a : rules.assertions()) {
            checks.add(assertion(c, a));
        }
        return checks;
    }

    CheckResult tablesExist(Manifest m, Map<String, Manifest.TableEntry> got) {
        Set<String> expected = new java.util.LinkedHashSet<>();
        m.tables().forEach(t -> expected.add(t.schema() + "." + t.name()));
        expected.addAll(rules.tables());
        List<String> missing = expected.stream().filter(t -> !got.containsKey(t)).toList();
        return missing.isEmpty()
                ? CheckResult.pass("tables_exist", expected.size() + " tables", got.size() + " tables", "")
                : CheckResult.fail("tables_exist", expected.size() + " tables", (expected.size() - missing.size()) + " present",
                        "missing: " + String.join(", ", missing));
    }

    static CheckResult rowCounts(Manifest m, Map<String, Manifest.TableEntry> got) {
        List<String> wrong = new ArrayList<>();
        long expected = 0;
        long actual = 0;
        for (Manifest.TableEntry t : m.tables()) {
            Manifest.TableEntry r = got.get(t.schema() + "." + t.name());
            expected += t.rowCount();
            actual += r == null ? 0 : r.rowCount();
            if (r != null && r.rowCount() != t.rowCount()) {
                wrong.add(t.schema() + "." + t.name() + ": expected " + t.rowCount() + ", got " + r.rowCount());
            }
        }
        return wrong.isEmpty()
                ? CheckResult.pass("row_counts", expected + " rows", actual + " rows", "every table's count equals the manifest")
                : CheckResult.fail("row_counts", expected + " rows", actual + " rows", String.join("; ", wrong));
    }

    CheckResult minRows(Map<String, Manifest.TableEntry> got) {
        List<String> wrong = new ArrayList<>();
        rules.minRows().forEach((table, min) -> {
            Manifest.TableEntry t = got.get(table);
            long n = t == null ? 0 : t.rowCount();
            if (n < min) {
                wrong.add(table + ": " + n + " rows, at least " + min + " expected");
            }
        });
        return wrong.isEmpty()
                ? CheckResult.pass("min_rows", rules.minRows().size() + " minimums", "all met", "")
                : CheckResult.fail("min_rows", rules.minRows().size() + " minimums", wrong.size() + " not met", String.join("; ", wrong));
    }

    static CheckResult contentChecksums(Manifest m, Map<String, Manifest.TableEntry> got) {
        List<String> wrong = new ArrayList<>();
        for (Manifest.TableEntry t : m.tables()) {
            Manifest.TableEntry r = got.get(t.schema() + "." + t.name());
            if (r != null && !r.checksum().equals(t.checksum())) {
                wrong.add(t.schema() + "." + t.name());
            }
        }
        return wrong.isEmpty()
                ? CheckResult.pass("content_checksums", m.tables().size() + " table checksums", "all equal", "")
                : CheckResult.fail("content_checksums", m.tables().size() + " table checksums", wrong.size() + " differ",
                        "content differs from the manifest: " + String.join(", ", wrong));
    }

    static CheckResult constraints(Manifest m, DatabaseContents restored) {
        Set<String> present = new HashSet<>();
        restored.constraints().stream().filter(Manifest.ConstraintEntry::validated)
                .forEach(k -> present.add(k.schema() + "." + k.table() + "." + k.name()));
        List<String> missing = m.constraints().stream().filter(Manifest.ConstraintEntry::validated)
                .map(k -> k.schema() + "." + k.table() + "." + k.name()).filter(k -> !present.contains(k)).toList();
        List<String> invalid = restored.constraints().stream().filter(k -> !k.validated())
                .map(k -> k.schema() + "." + k.table() + "." + k.name()).toList();
        if (missing.isEmpty() && invalid.isEmpty()) {
            return CheckResult.pass("constraints", m.constraints().size() + " constraints", restored.constraints().size()
                    + " present and validated", "");
        }
        return CheckResult.fail("constraints", m.constraints().size() + " constraints, all validated",
                missing.size() + " missing, " + invalid.size() + " not validated",
                (missing.isEmpty() ? "" : "missing (a restore could not create them, e.g. orphaned rows): "
                        + String.join(", ", missing)) + (invalid.isEmpty() ? "" : " not validated: " + String.join(", ", invalid)));
    }

    /** Every foreign key re-checked by anti-join (MATCH SIMPLE: rows with a NULL key column are exempt). */
    static CheckResult foreignKeys(Connection c) throws SQLException {
        List<String> orphans = new ArrayList<>();
        int checked = 0;
        List<String[]> fks = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT con.conname, cn.nspname, cl.relname, pn.nspname, pl.relname,"
                        + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i)"
                        + "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)::text[],"
                        + " (SELECT array_agg(a.attname ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i)"
                        + "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)::text[]"
                        + " FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace"
                        + " JOIN pg_class pl ON pl.oid = con.confrelid JOIN pg_namespace pn ON pn.oid = pl.relnamespace"
                        + " WHERE con.contype = 'f' ORDER BY 2, 3, 1")) {
            while (rs.next()) {
                String[] child = (String[]) rs.getArray(6).getArray();
                String[] parent = (String[]) rs.getArray(7).getArray();
                fks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        String.join("\u0001", child), String.join("\u0001", parent)});
            }
        }
        for (String[] fk : fks) {
            String[] child = fk[5].split("\u0001");
            String[] parent = fk[6].split("\u0001");
            StringBuilder notNull = new StringBuilder();
            StringBuilder join = new StringBuilder();
            for (int i = 0; i < child.length; i++) {
                notNull.append(i == 0 ? "" : " AND ").append("c.").append(Sql.ident(child[i])).append(" IS NOT NULL");
                join.append(i == 0 ? "" : " AND ").append("p.").append(Sql.ident(parent[i])).append(" = c.").append(Sql.ident(child[i]));
            }
            String sql = "SELECT count(*) FROM " + Sql.ident(fk[1]) + "." + Sql.ident(fk[2]) + " c WHERE " + notNull
                    + " AND NOT EXISTS (SELECT 1 FROM " + Sql.ident(fk[3]) + "." + Sql.ident(fk[4]) + " p WHERE " + join + ")";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                checked++;
                if (rs.getLong(1) > 0) {
                    orphans.add(fk[1] + "." + fk[2] + "." + fk[0] + ": " + rs.getLong(1) + " orphaned row(s)");
                }
            }
        }
        return orphans.isEmpty()
                ? CheckResult.pass("foreign_keys", "no orphaned rows", checked + " foreign keys hold", "")
                : CheckResult.fail("foreign_keys", "no orphaned rows", orphans.size() + " foreign keys broken", String.join("; ", orphans));
    }

    /** A sequence behind the column it feeds would hand out ids that already exist. */
    static CheckResult sequences(Connection c) throws SQLException {
        List<String> behind = new ArrayList<>();
        List<String[]> owned = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT sn.nspname, s.relname, tn.nspname, t.relname, a.attname FROM pg_class s"
                        + " JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                        + " JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')"
                        + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                        + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                        + " WHERE s.relkind = 'S' ORDER BY 1, 2")) {
            while (rs.next()) {
                owned.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        for (String[] s : owned) {
            String sql = "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM "
                    + Sql.ident(s[0]) + "." + Sql.ident(s[1]) + "), (SELECT max(" + Sql.ident(s[4]) + ")::bigint FROM "
                    + Sql.ident(s[2]) + "." + Sql.ident(s[3]) + ")";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long seq = rs.getLong(1);
                long max = rs.getLong(2);
                if (!rs.wasNull() && seq < max) {
                    behind.add(s[0] + "." + s[1] + " at " + seq + ", max(" + s[3] + "." + s[4] + ") = " + max);
                }
            }
        }
        return behind.isEmpty()
                ? CheckResult.pass("sequences", "no sequence behind its column", owned.size() + " sequences ahead", "")
                : CheckResult.fail("sequences", "no sequence behind its column", behind.size() + " behind", String.join("; ", behind));
    }

    /** The newest value of each freshness column must be within maxAge of the backup's time. */
    CheckResult freshness(Manifest m, DatabaseContents restored) {
        List<String> stale = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (PgdrillConfig.Freshness f : rules.freshness()) {
            Manifest.FreshnessEntry e = restored.freshness().stream()
                    .filter(x -> x.table().equals(f.qualifiedTable()) && x.column().equals(f.column())).findFirst().orElse(null);
            String what = f.qualifiedTable() + "." + f.column();
            if (e == null || !e.error().isEmpty()) {
                stale.add(what + ": " + (e == null ? "not read" : e.error()));
            } else if (e.maxValue().isEmpty()) {
                stale.add(what + ": no rows");
            } else {
                Instant newest = OffsetDateTime.parse(e.maxValue(), PG_TIMESTAMPTZ).toInstant();
                Duration age = Duration.between(newest, m.startedAt());
                if (age.compareTo(f.maxAge()) > 0) {
                    stale.add(what + ": newest " + newest + " is " + human(age) + " older than the backup (max " + human(f.maxAge()) + ")");
                } else {
                    fresh.add(what + " " + human(age.isNegative() ? Duration.ZERO : age) + " old");
                }
            }
        }
        return stale.isEmpty()
                ? CheckResult.pass("freshness", "newest values within their maxAge", String.join(", ", fresh), "")
                : CheckResult.fail("freshness", "newest values within their maxAge", stale.size() + " stale", String.join("; ", stale));
    }

    static CheckResult assertion(Connection c, PgdrillConfig.Assertion a) {
        String name = "assertion:" + a.name();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(a.sql())) {
            if (!rs.next()) {
                return CheckResult.fail(name, "true", "no row", a.sql());
            }
            boolean value = rs.getBoolean(1);
            boolean wasNull = rs.wasNull();
            return value && !wasNull ? CheckResult.pass(name, "true", "true", a.sql())
                    : CheckResult.fail(name, "true", wasNull ? "null" : "false", a.sql());
        } catch (SQLException e) {
            return CheckResult.fail(name, "true", "error", SqlErrors.cause(e) + " in: " + a.sql());
        }
    }

    static String human(Duration d) {
        return d.toDays() >= 2 ? d.toDays() + "d" : d.toHours() >= 2 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
