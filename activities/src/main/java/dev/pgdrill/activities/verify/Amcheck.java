package dev.pgdrill.activities.verify;

import dev.pgdrill.core.db.Sql;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code amcheck} check: what {@code pg_amcheck --install-missing} checks by default (every heap with
 * {@code verify_heapam}, TOAST included; every valid B-tree index with {@code bt_index_check}), done as one
 * SQL call per relation, so that each is a piece of work the verification's connections share with the
 * table scans, largest first, instead of a program of its own beside them.
 */
final class Amcheck {
    static final String NAME = "amcheck";
    /** Findings kept in the check: names of damaged relations, blocks and amcheck's messages, never row data. */
    static final int MAX_DETAIL = 4000;

    /** One relation to check: a heap or a B-tree index, with its size (the largest go first). */
    record Target(boolean heap, long oid, String name, long bytes) {}

    /** The extension's schema (where pg_amcheck would have put it) and what to check. */
    record Plan(String schema, List<Target> targets) {}

    private Amcheck() {}

    /**
     * Installs amcheck when missing, as pg_amcheck does (into pg_catalog), and lists what to check; a WARN
     * instead when it cannot be installed here, which is not a finding about the data.
     */
    static Plan plan(Connection c) throws SQLException, NotInstallable {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA pg_catalog");
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new NotInstallable("the amcheck extension needs a superuser to install (CREATE EXTENSION"
                        + " amcheck in template1, or set verification.amcheck: false); indexes not checked");
            }
            if ("0A000".equals(e.getSQLState()) || "58P01".equals(e.getSQLState())) {
                throw new NotInstallable("the amcheck extension is not available on this server (install"
                        + " PostgreSQL's contrib modules, or set verification.amcheck: false); indexes not checked");
            }
            throw e;
        }
        String schema;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                        + " ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'")) {
            rs.next();
            schema = rs.getString(1);
        }
        List<Target> targets = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT c.relkind <> 'i', c.oid, n.nspname || '.' || c.relname,"
                        + " pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
                        + " WHERE c.relpersistence <> 't' AND (c.relkind IN ('r', 'm', 't')"
                        + " OR (c.relkind = 'i' AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')"
                        + " AND i.indisvalid AND i.indisready))")) {
            while (rs.next()) {
                targets.add(new Target(rs.getBoolean(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return new Plan(schema, targets);
    }

    /** One relation's problems (empty when it is sound). */
    static List<String> check(Connection c, String schema, Target t) throws SQLException {
        List<String> problems = new ArrayList<>();
        if (t.heap()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT blkno, offnum, attnum, msg FROM "
                    + Sql.ident(schema) + ".verify_heapam(?::oid::regclass, on_error_stop => false,"
                    + " check_toast => true, skip => 'none') LIMIT 20")) {
                ps.setLong(1, t.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        problems.add(t.name() + " block " + rs.getLong(1) + ", offset " + rs.getInt(2)
                                + (rs.getObject(3) == null ? "" : ", attribute " + rs.getInt(3)) + ": "
                                + rs.getString(4));
                    }
                }
            }
            return problems;
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + Sql.ident(schema) + ".bt_index_check(?::oid::regclass, false)")) {
            ps.setLong(1, t.oid());
            ps.executeQuery().close();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return problems; // dropped meanwhile: nothing to check
            }
            problems.add(t.name() + ": " + e.getMessage());
        }
        return problems;
    }

    static CheckResult result(Plan plan, List<List<String>> problems) {
        List<String> all = problems.stream().flatMap(List::stream).toList();
        long heaps = plan.targets().stream().filter(Target::heap).count();
        String checked = heaps + " heaps, " + (plan.targets().size() - heaps) + " B-tree indexes";
        if (all.isEmpty()) {
            return CheckResult.pass(NAME, "no corruption", checked + " sound", "");
        }
        String detail = String.join("; ", all);
        return CheckResult.fail(
                NAME,
                "no corruption",
                all.size() + " problem(s) in " + checked,
                detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail);
    }

    static CheckResult warn(String why) {
        return new CheckResult(NAME, CheckStatus.WARN, "amcheck runs", "amcheck not installable", why, false);
    }

    /** amcheck cannot run on this server: a warning, not a failure of the backup. */
    static final class NotInstallable extends Exception {
        private static final long serialVersionUID = 1L;

        NotInstallable(String message) {
            super(message);
        }
    }
}
