package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.OwnedDatabases;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Production right after a switch, while applications use it. Its data was verified on the side database
 * before the switch; what can still go wrong is that the database under production's name is not that one,
 * or that it does not let the application do what it did. So: the switch's marker, the manifest's tables
 * and validated constraints, row counts that may have grown but not shrunk, and owners, grants, row-level
 * security and database settings equal to the set-aside old production's.
 */
public final class ProductionChecks {
    private ProductionChecks() {}

    public static List<CheckResult> run(
            Connection production,
            Connection setAside,
            Manifest m,
            String expectedMarker,
            PgdrillConfig.Verification rules,
            ProgressListener listener)
            throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(marker(production, expectedMarker));
        DatabaseContents now = DatabaseContents.structure(
                production,
                n -> listener.progress("verify_production", n, m.tables().size()));
        Map<String, Manifest.TableEntry> got = new LinkedHashMap<>();
        now.tables().forEach(t -> got.put(t.schema() + "." + t.name(), t));
        checks.add(new Verifier(rules).tablesExist(m, got));
        checks.add(rowsNotLost(m, got));
        checks.add(ConstraintsCheck.check(m, now));
        checks.addAll(Privileges.compare(setAside, production));
        return checks;
    }

    /** The database under production's name is the one the switch moved in: it carries the switch's marker. */
    static CheckResult marker(Connection production, String expected) throws SQLException {
        try (Statement st = production.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(shobj_description(oid, 'pg_database'), '')"
                        + " FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            String comment = OwnedDatabases.markerLine(rs.getString(1));
            return comment.equals(expected)
                    ? CheckResult.pass("production_marker", expected, comment, "the verified database is production")
                    : CheckResult.fail(
                            "production_marker",
                            expected,
                            OwnedDatabases.describe(comment),
                            "the database under production's name is not the one verified before the switch");
        }
    }

    /** Applications write after the switch: a count may grow, never shrink below the backup's. */
    static CheckResult rowsNotLost(Manifest m, Map<String, Manifest.TableEntry> got) {
        List<String> fewer = new ArrayList<>();
        long expected = 0;
        long actual = 0;
        for (Manifest.TableEntry t : m.tables()) {
            Manifest.TableEntry r = got.get(t.schema() + "." + t.name());
            expected += t.rowCount();
            actual += r == null ? 0 : r.rowCount();
            if (r != null && r.rowCount() < t.rowCount()) {
                fewer.add(t.schema() + "." + t.name() + ": " + r.rowCount() + " rows, the backup had " + t.rowCount());
            }
        }
        return fewer.isEmpty()
                ? CheckResult.pass("row_counts", "at least " + expected + " rows", actual + " rows", "none lost")
                : CheckResult.fail(
                        "row_counts", "at least " + expected + " rows", actual + " rows", String.join("; ", fewer));
    }
}
