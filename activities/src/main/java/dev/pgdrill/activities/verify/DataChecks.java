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
import java.util.concurrent.Future;

/**
 * The checks that read table data, spread over {@code jobs} connections: each table counted and hashed in
 * one scan and each relation's amcheck (heap or B-tree), all largest first so the longest starts at once;
 * then each foreign key's anti-join, the sequences against their columns and the configured assertions.
 * Every check reads what it needs once; none waits for another.
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

    /** One piece of the size-ordered work: a table scan or an amcheck target. */
    private record Sized(long bytes, Object what) {}

    private DataChecks() {}

    /**
     * @param methods table (schema.name) → how the manifest hashed it; a table not in it is only counted
     * @param amcheck what amcheck checks, when it is to run
     */
    static Outcome run(
            List<TableRef> tables,
            Map<String, String> methods,
            List<IntegrityChecks.ForeignKey> fks,
            List<PgdrillConfig.Assertion> assertions,
            CheckPool.Connector connector,
            int jobs,
            Optional<Amcheck.Plan> amcheck,
            ProgressListener listener)
            throws SQLException, InterruptedException {
        List<Sized> work = new ArrayList<>();
        tables.forEach(t -> work.add(new Sized(t.bytes(), t)));
        amcheck.ifPresent(p -> p.targets().forEach(t -> work.add(new Sized(t.bytes(), t))));
        work.sort(Comparator.comparingLong(Sized::bytes).reversed());
        try (CheckPool pool = new CheckPool(connector, jobs)) {
            List<Future<Manifest.TableEntry>> scans = new ArrayList<>();
            List<Future<List<String>>> amchecks = new ArrayList<>();
            for (Sized w : work) {
                if (w.what() instanceof TableRef t) {
                    scans.add(pool.submit(c -> scan(c, t, methods.getOrDefault(t.key(), ""))));
                } else if (w.what() instanceof Amcheck.Target t) {
                    String schema = amcheck.orElseThrow().schema();
                    amchecks.add(pool.submit(c -> Amcheck.check(c, schema, t)));
                }
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

            List<Future<?>> all = new ArrayList<>(scans);
            all.addAll(amchecks);
            List<Manifest.TableEntry> scanned = new ArrayList<>();
            for (Future<Manifest.TableEntry> f : scans) {
                await(f, all, listener);
                scanned.add(CheckPool.get(f));
            }
            scanned.sort(Comparator.comparing(Manifest.TableEntry::schema).thenComparing(Manifest.TableEntry::name));
            List<List<String>> problems = new ArrayList<>();
            for (Future<List<String>> f : amchecks) {
                await(f, all, listener);
                problems.add(CheckPool.get(f));
            }
            List<Long> counted = new ArrayList<>();
            for (Future<Long> f : orphans) {
                counted.add(CheckPool.get(f));
            }
            List<CheckResult> assertionResults = new ArrayList<>();
            for (Future<CheckResult> f : asserted) {
                assertionResults.add(CheckPool.get(f));
            }
            return new Outcome(
                    scanned,
                    IntegrityChecks.foreignKeysResult(fks, counted),
                    CheckPool.get(sequences),
                    assertionResults,
                    amcheck.map(p -> Amcheck.result(p, problems)));
        }
    }

    /** Waits for one piece of work, reporting how many of all are done. */
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
