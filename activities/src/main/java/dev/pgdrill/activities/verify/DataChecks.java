package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.DatabaseContents.TableRef;
import dev.pgdrill.activities.backup.TableChecksum;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.Sql;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The checks that read table data, spread over {@code jobs} connections: each table counted and hashed in
 * one scan (largest first, so the longest scan starts at once), each foreign key's anti-join, the sequences
 * against their columns, the configured assertions, and pg_amcheck beside them with its share of the
 * connections. Every check reads what it needs once; none waits for another.
 */
final class DataChecks {
    /** How often the waiting thread reports progress (the heartbeat). */
    private static final long POLL_MILLIS = 200;

    /** What the scans found, each in its check's shape. */
    record Outcome(
            List<Manifest.TableEntry> tables,
            CheckResult foreignKeys,
            CheckResult sequences,
            List<CheckResult> assertions,
            Optional<CheckResult> amcheck) {}

    private DataChecks() {}

    /**
     * @param methods table (schema.name) → how the manifest hashed it; a table not in it is only counted
     * @param amcheck runs pg_amcheck with the given number of jobs, when it is to run
     */
    static Outcome run(
            List<TableRef> tables,
            Map<String, String> methods,
            List<IntegrityChecks.ForeignKey> fks,
            List<PgdrillConfig.Assertion> assertions,
            CheckPool.Connector connector,
            int jobs,
            Optional<IntFunction<CheckResult>> amcheck,
            ProgressListener listener)
            throws SQLException, InterruptedException {
        // pg_amcheck beside the scans takes half the connections; with one job in all, it runs after them
        int amcheckJobs = amcheck.isPresent() && jobs > 1 ? Math.max(1, jobs / 2) : 0;
        ExecutorService beside = Executors.newSingleThreadExecutor();
        try (CheckPool pool = new CheckPool(connector, jobs - amcheckJobs)) {
            Future<CheckResult> amcheckRun =
                    amcheckJobs > 0 ? beside.submit(() -> amcheck.get().apply(amcheckJobs)) : null;
            List<TableRef> bySize = tables.stream()
                    .sorted(Comparator.comparingLong(TableRef::bytes).reversed())
                    .toList();
            List<Future<Manifest.TableEntry>> scans = new ArrayList<>();
            for (TableRef t : bySize) {
                scans.add(pool.submit(c -> scan(c, t, methods.getOrDefault(t.key(), ""))));
            }
            List<Future<Long>> orphans = new ArrayList<>();
            for (IntegrityChecks.ForeignKey fk : fks) {
                orphans.add(pool.submit(c -> IntegrityChecks.orphans(c, fk)));
            }
            Future<CheckResult> sequences = pool.submit(IntegrityChecks::sequences);
            List<Future<CheckResult>> asserted = new ArrayList<>();
            for (PgdrillConfig.Assertion a : assertions) {
                asserted.add(pool.submit(c -> Verifier.assertion(c, a)));
            }

            List<Manifest.TableEntry> scanned = new ArrayList<>();
            for (Future<Manifest.TableEntry> f : scans) {
                await(f, scans, listener);
                scanned.add(CheckPool.get(f));
            }
            scanned.sort(Comparator.comparing(Manifest.TableEntry::schema).thenComparing(Manifest.TableEntry::name));
            List<Long> counted = new ArrayList<>();
            for (Future<Long> f : orphans) {
                counted.add(CheckPool.get(f));
            }
            List<CheckResult> assertionResults = new ArrayList<>();
            for (Future<CheckResult> f : asserted) {
                assertionResults.add(CheckPool.get(f));
            }
            Optional<CheckResult> amcheckResult =
                    amcheckRun != null ? Optional.of(CheckPool.get(amcheckRun)) : amcheck.map(a -> a.apply(1));
            return new Outcome(
                    scanned,
                    IntegrityChecks.foreignKeysResult(fks, counted),
                    CheckPool.get(sequences),
                    assertionResults,
                    amcheckResult);
        } finally {
            beside.shutdownNow();
        }
    }

    /** Waits for one scan, reporting how many of all are done. */
    private static void await(Future<?> f, List<? extends Future<?>> all, ProgressListener listener)
            throws InterruptedException {
        while (!f.isDone()) {
            listener.progress("verify", all.stream().filter(Future::isDone).count(), all.size());
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Count and checksum in one scan; only the count for a table the manifest did not hash. */
    private static Manifest.TableEntry scan(Connection c, TableRef t, String method) throws SQLException {
        if (!method.isEmpty()) {
            return TableChecksum.scan(c, t.schema(), t.name(), method);
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT count(*) FROM ONLY " + Sql.ident(t.schema()) + "." + Sql.ident(t.name()))) {
            rs.next();
            return new Manifest.TableEntry(t.schema(), t.name(), rs.getLong(1), "", "");
        }
    }
}
