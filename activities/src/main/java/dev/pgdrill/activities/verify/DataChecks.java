package dev.pgdrill.activities.verify;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.DatabaseContents.TableRef;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.verify.CheckResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks that read table data, spread over {@code jobs} connections: each table counted and hashed in
 * one scan (a large one in block ranges, {@link TableScans}) and each relation's amcheck (heap or B-tree),
 * all largest first so the longest starts at once;
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

    /** One piece of the size-ordered work: a table scan's part or an amcheck target. */
    private record Sized(long bytes, Object what) {}

    private DataChecks() {}

    /**
     * @param methods table (schema.name) → how the manifest hashed it; a table not in it is only counted
     * @param rowHashes table (schema.name) → its {@code column-hash} row hash expression, for those hashed so
     * @param amcheck what amcheck checks, when it is to run
     */
    static Outcome run(
            int serverMajor,
            List<TableRef> tables,
            Map<String, String> methods,
            Map<String, String> rowHashes,
            List<IntegrityChecks.ForeignKey> fks,
            List<PgdrillConfig.Assertion> assertions,
            CheckPool.Connector connector,
            int jobs,
            Optional<Amcheck.Plan> amcheck,
            ProgressListener listener)
            throws SQLException, InterruptedException {
        List<Sized> work = new ArrayList<>();
        for (TableRef t : tables) {
            TableScans.parts(
                            t,
                            methods.getOrDefault(t.key(), ""),
                            rowHashes.getOrDefault(t.key(), ""),
                            serverMajor,
                            jobs)
                    .forEach(p -> work.add(new Sized(p.bytes(), p)));
        }
        amcheck.ifPresent(p -> p.targets().forEach(t -> work.add(new Sized(t.bytes(), t))));
        work.sort(Comparator.comparingLong(Sized::bytes).reversed());
        try (CheckPool pool = new CheckPool(connector, jobs)) {
            Map<TableRef, List<Future<TableScans.Partial>>> scans = new LinkedHashMap<>();
            tables.forEach(t -> scans.put(t, new ArrayList<>()));
            List<Future<List<String>>> amchecks = new ArrayList<>();
            for (Sized w : work) {
                if (w.what() instanceof TableScans.Part p) {
                    scans.get(p.table()).add(pool.submit(c -> TableScans.scan(c, p)));
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

            List<Future<?>> all = new ArrayList<>(amchecks);
            scans.values().forEach(all::addAll);
            List<Manifest.TableEntry> scanned = new ArrayList<>();
            for (Map.Entry<TableRef, List<Future<TableScans.Partial>>> e : scans.entrySet()) {
                List<TableScans.Partial> partials = new ArrayList<>();
                for (Future<TableScans.Partial> f : e.getValue()) {
                    await(f, all, listener);
                    partials.add(CheckPool.get(f));
                }
                String method = methods.getOrDefault(e.getKey().key(), "");
                scanned.add(TableScans.combine(e.getKey(), method, partials));
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

    /**
     * Waits for one piece of work, reporting how many of all are done; returns as soon as it is (a sleep between
     * looks cost each wait up to the poll interval). Its failure is {@link CheckPool#get}'s to report.
     */
    private static void await(Future<?> f, List<? extends Future<?>> all, ProgressListener listener)
            throws InterruptedException {
        while (!f.isDone()) {
            listener.progress("verify", all.stream().filter(Future::isDone).count(), all.size());
            try {
                f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // still running, or done: the loop's condition decides
            }
        }
    }
}
