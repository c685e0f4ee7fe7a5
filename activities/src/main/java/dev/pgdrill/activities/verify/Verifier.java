package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.ColumnHash;
import dev.pgdrill.activities.backup.DatabaseContents;
import dev.pgdrill.core.catalog.BackupStore;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * verify-backup.sh, done properly: compares a restored database with its backup's manifest and the
 * configured rules. Each check is a finding; only an unreachable database throws.
 */
public final class Verifier {
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .appendPattern("X")
            .toFormatter();

    /** The first check of a backup pgdrill did not make: what is, and is not, compared. */
    static final String NO_MANIFEST = "manifest";

    static final String NO_MANIFEST_DETAIL = "pgdrill did not make this backup, so it has no manifest: row counts"
            + " and content checksums are not compared; the restore is checked against the configuration's"
            + " verification rules and app checks, and, with a live source, against that database's schema now";

    private final PgdrillConfig.Verification rules;

    public Verifier(PgdrillConfig.Verification rules) {
        this.rules = rules;
    }

    /** Where the restored objects' grants come from: pgdrill restores without them (see {@link ArchiveGrants}). */
    @FunctionalInterface
    interface GrantSource {
        ArchiveGrants.Result read(Connection c);
    }

    /** How the data checks are spread: over {@code jobs} connections that {@code connector} opens. */
    record Parallel(CheckPool.Connector connector, int jobs, boolean amcheck) {}

    /** The checks in report order, and amcheck's apart (it is reported last, after the dashboard's). */
    record Report(List<CheckResult> checks, Optional<CheckResult> amcheck) {}

    /**
     * The tables' scans start at once over the pool's connections; meanwhile what the catalog says is read on
     * {@code c}, before amcheck's extension is installed (the schema comparison must not see it); then amcheck's
     * checks and the integrity checks join the scans, and all of it is waited for.
     */
    Report verify(Connection c, Manifest m, GrantSource grants, Parallel parallel, ProgressListener listener)
            throws SQLException, InterruptedException {
        boolean external = BackupStore.EXTERNAL.equals(m.kind());
        Map<String, String> methods = new HashMap<>();
        if (!external) {
            m.tables().forEach(t -> methods.put(t.schema() + "." + t.name(), t.checksumMethod()));
        }
        List<DatabaseContents.TableRef> tables = DatabaseContents.tables(c);
        List<DatabaseContents.TableRef> columnHashed = tables.stream()
                .filter(t -> Manifest.TableEntry.COLUMN_HASH.equals(methods.get(t.key())))
                .toList();
        Map<String, String> rowHashes = ColumnHash.expressions(c, columnHashed);
        DatabaseContents catalog;
        ArchiveGrants.Result archiveGrants;
        Optional<CheckResult> amcheckWarning = Optional.empty();
        DataChecks.Outcome data;
        try (DataChecks checks = new DataChecks(parallel.connector(), parallel.jobs())) {
            // the server's major version as the connection reported it: TID range scans need 14
            checks.scan(c.getMetaData().getDatabaseMajorVersion(), tables, methods, rowHashes);
            catalog = DatabaseContents.readCatalog(c, rules.freshness());
            listener.progress("verify", 0, 0); // a heartbeat: a cancelled verification stops its scans here
            archiveGrants = m.schema().isPresent() ? grants.read(c) : ArchiveGrants.Result.skipped("no fingerprint");
            if (parallel.amcheck()) {
                try {
                    checks.amcheck(Amcheck.plan(c));
                } catch (Amcheck.NotInstallable e) {
                    amcheckWarning = Optional.of(Amcheck.warn(e.getMessage()));
                }
            }
            checks.integrity(IntegrityChecks.foreignKeys(c), rules.assertions());
            data = checks.outcome(listener);
        }
        DatabaseContents restored = catalog.withTables(data.tables());
        Map<String, Manifest.TableEntry> got = new LinkedHashMap<>();
        restored.tables().forEach(t -> got.put(t.schema() + "." + t.name(), t));
        List<CheckResult> checks = new ArrayList<>();
        if (external) {
            checks.add(CheckResult.skip(NO_MANIFEST, NO_MANIFEST_DETAIL));
        }
        checks.add(tablesExist(m, got));
        checks.add(external ? CheckResult.skip("row_counts", NO_MANIFEST_DETAIL) : rowCounts(m, got));
        if (!rules.minRows().isEmpty()) {
            checks.add(minRows(got));
        }
        checks.add(external ? CheckResult.skip("content_checksums", NO_MANIFEST_DETAIL) : contentChecksums(m, got));
        checks.add(ConstraintsCheck.check(m, restored));
        checks.add(data.foreignKeys());
        checks.add(data.sequences());
        checks.addAll(SchemaChecks.compare(m, restored.schema(), archiveGrants));
        if (!rules.freshness().isEmpty()) {
            checks.add(freshness(m, restored));
        }
        checks.addAll(data.assertions());
        return new Report(checks, data.amcheck().isPresent() ? data.amcheck() : amcheckWarning);
    }

    CheckResult tablesExist(Manifest m, Map<String, Manifest.TableEntry> got) {
        Set<String> expected = new LinkedHashSet<>();
        m.tables().forEach(t -> expected.add(t.schema() + "." + t.name()));
        expected.addAll(rules.tables());
        List<String> missing =
                expected.stream().filter(t -> !got.containsKey(t)).toList();
        return missing.isEmpty()
                ? CheckResult.pass("tables_exist", expected.size() + " tables", got.size() + " tables", "")
                : CheckResult.fail(
                        "tables_exist",
                        expected.size() + " tables",
                        (expected.size() - missing.size()) + " present",
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
                ? CheckResult.pass(
                        "row_counts", expected + " rows", actual + " rows", "every table's count equals the manifest")
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
                : CheckResult.fail(
                        "min_rows",
                        rules.minRows().size() + " minimums",
                        wrong.size() + " not met",
                        String.join("; ", wrong));
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
                : CheckResult.fail(
                        "content_checksums",
                        m.tables().size() + " table checksums",
                        wrong.size() + " differ",
                        "content differs from the manifest: " + String.join(", ", wrong));
    }

    /** The newest value of each freshness column must be within maxAge of the backup's time. */
    CheckResult freshness(Manifest m, DatabaseContents restored) {
        List<String> stale = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (PgdrillConfig.Freshness f : rules.freshness()) {
            Manifest.FreshnessEntry e = restored.freshness().stream()
                    .filter(x ->
                            x.table().equals(f.qualifiedTable()) && x.column().equals(f.column()))
                    .findFirst()
                    .orElse(null);
            String what = f.qualifiedTable() + "." + f.column();
            if (e == null || !e.error().isEmpty()) {
                stale.add(what + ": " + (e == null ? "not read" : e.error()));
            } else if (e.maxValue().isEmpty()) {
                stale.add(what + ": no rows");
            } else {
                Instant newest =
                        OffsetDateTime.parse(e.maxValue(), PG_TIMESTAMPTZ).toInstant();
                Duration age = Duration.between(newest, m.startedAt());
                if (age.compareTo(f.maxAge()) > 0) {
                    stale.add(what + ": newest " + newest + " is " + human(age) + " older than the backup (max "
                            + human(f.maxAge()) + ")");
                } else {
                    fresh.add(what + " " + human(age.isNegative() ? Duration.ZERO : age) + " old");
                }
            }
        }
        return stale.isEmpty()
                ? CheckResult.pass("freshness", "newest values within their maxAge", String.join(", ", fresh), "")
                : CheckResult.fail(
                        "freshness",
                        "newest values within their maxAge",
                        stale.size() + " stale",
                        String.join("; ", stale));
    }

    static CheckResult assertion(Connection c, PgdrillConfig.Assertion a) {
        String name = "assertion:" + a.name();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(a.sql())) {
            if (!rs.next()) {
                return CheckResult.fail(name, "true", "no row", a.sql());
            }
            boolean value = rs.getBoolean(1);
            boolean wasNull = rs.wasNull();
            return value && !wasNull
                    ? CheckResult.pass(name, "true", "true", a.sql())
                    : CheckResult.fail(name, "true", wasNull ? "null" : "false", a.sql());
        } catch (SQLException e) {
            return CheckResult.fail(name, "true", "error", SqlErrors.cause(e) + " in: " + a.sql());
        }
    }

    static String human(Duration d) {
        return d.toDays() >= 2 ? d.toDays() + "d" : d.toHours() >= 2 ? d.toHours() + "h" : d.toMinutes() + "m";
    }
}
