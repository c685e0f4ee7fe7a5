package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database its provider restored in place (a Supabase point-in-time restore), checked as it serves traffic.
 * There is no backup of the restored state to compare with: the pre-restore snapshot, taken minutes before,
 * is the closest description of the structure the project should have. So its tables and validated constraints
 * must be there; row counts are shown next to the snapshot's, not judged (the data is from an earlier time, and
 * fewer rows may be exactly what the restore was for).
 */
public final class ProjectChecks {
    private ProjectChecks() {}

    public static List<CheckResult> run(
            Connection project, Manifest snapshot, PgdrillConfig.Verification rules, ProgressListener listener)
            throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(CheckResult.pass("connects", "accepts connections", "connected", ""));
        DatabaseContents now = DatabaseContents.structure(
                project,
                n -> listener.progress("verify_production", n, snapshot.tables().size()));
        Map<String, Manifest.TableEntry> got = new LinkedHashMap<>();
        now.tables().forEach(t -> got.put(t.schema() + "." + t.name(), t));
        checks.add(new Verifier(rules).tablesExist(snapshot, got));
        checks.add(ConstraintsCheck.check(snapshot, now));
        checks.add(rowsBeside(snapshot, got));
        return checks;
    }

    /** The restored counts beside the snapshot's: information for the operator, never a failure. */
    static CheckResult rowsBeside(Manifest snapshot, Map<String, Manifest.TableEntry> got) {
        long before = 0;
        long after = 0;
        List<String> changed = new ArrayList<>();
        for (Manifest.TableEntry t : snapshot.tables()) {
            Manifest.TableEntry r = got.get(t.schema() + "." + t.name());
            long n = r == null ? 0 : r.rowCount();
            before += t.rowCount();
            after += n;
            if (n != t.rowCount()) {
                changed.add(t.schema() + "." + t.name() + " " + t.rowCount() + " → " + n);
            }
        }
        return CheckResult.pass(
                "row_counts",
                before + " rows before the restore (snapshot)",
                after + " rows",
                changed.isEmpty()
                        ? "no table's count changed"
                        : "reported, not judged (the data is earlier): " + String.join("; ", changed));
    }
}
