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
 * A block-for-block copy ({@code CREATE DATABASE … TEMPLATE}) of a database that passed the whole suite a
 * moment before. Its rows are those verified rows, so their checksums are not read again; what could still be
 * wrong is that it is not a whole copy of that database, which the manifest's tables with their exact row
 * counts and validated constraints show. (Owners, grants and settings are compared with production apart.)
 */
public final class CopyChecks {
    private CopyChecks() {}

    public static List<CheckResult> run(
            Connection c, Manifest m, PgdrillConfig.Verification rules, ProgressListener listener) throws SQLException {
        DatabaseContents copy = DatabaseContents.structure(
                c, n -> listener.progress("verify", n, m.tables().size()));
        Map<String, Manifest.TableEntry> got = new LinkedHashMap<>();
        copy.tables().forEach(t -> got.put(t.schema() + "." + t.name(), t));
        List<CheckResult> checks = new ArrayList<>();
        checks.add(new Verifier(rules).tablesExist(m, got));
        checks.add(Verifier.rowCounts(m, got));
        checks.add(ConstraintsCheck.check(m, copy));
        return checks;
    }
}
