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
 * the largest first so the longest starts at once; then each foreign key's anti-join, the sequences against
 * their columns and the configured assertions. Every check reads what it needs once; none waits for another.
 * The scans start as soon as the tables are known, while the caller still reads the catalog; the rest is added
 * as the caller learns it. Called in this order: {@link #scan}, {@link #amcheck} (when it runs), {@link #integrity},
 * then {@link #outcome}, which waits for all of it.
 */
final class DataChecks implements AutoCloseable {
    /** How often the waiting thread reports progress (the heartbeat). */
    private static final long POLL_MILLIS = 200;

    /** What the scans found, each in its check's shape. */
    record Outcome(
            List<Manifest.TableEntry> tables,
            CheckResult foreignKeys,
            CheckResult sequences,
            List<CheckResult> assertions,
            Optional<CheckResult> amcheck) {}

    private final CheckPool pool;
    private final Map<TableRef, List<Future<TableScans.Partial>>> scans = new LinkedHashMap<>();
    private Map<String, String> methods = Map.of();
    private Optional<Amcheck.Plan> amcheck = Optional.empty();
    private final List<Future<List<String>>> amchecks = new ArrayList<>();
    private List<IntegrityChecks.ForeignKey> fks = List.of();
    private final List<Future<Long>> orphans = new ArrayList<>();
    private Future<CheckResult> sequences;
    private final List<Future<CheckResult>> asserted = new ArrayList<>();

    DataChecks(CheckPool.Connector connector, int jobs) {
        this.pool = new CheckPool(connector, jobs);
    }

    /**
     * Starts counting and hashing every table.
     *
     * @param methods table (schema.name) → how the manifest hashed it; a table not in it is only counted
     * @param rowHashes table (schema.name) → its {@code column-hash} row hash expression, for those hashed so
     */
    void scan(int serverMajor, List<TableRef> tables, Map<String, String> methods, Map<String, String> rowHashes) {
        this.methods = methods;
        List<TableScans.Part> parts = new ArrayList<>();
        for (TableRef t : tables) {
            scans.put(t, new ArrayList<>());
            parts.addAll(TableScans.parts(
                    t,
                    methods.getOrDefault(t.key(), ""),
                    rowHashes.getOrDefault(t.key(), ""),
                    serverMajor,
                    pool.size()));
        }
        parts.sort(Comparator.comparingLong(TableScans.Part::bytes).reversed());
        for (TableScans.Part p : parts) {
            scans.get(p.table()).add(pool.submit(p.bytes(), c -> TableScans.scan(c, p)));
        }
    }

    /** Starts amcheck's checks of every relation {@code plan} names (their extension installed). */
    void amcheck(Amcheck.Plan plan) {
        amcheck = Optional.of(plan);
        for (Amcheck.Target t : plan.targets()) {
            amchecks.add(pool.submit(t.bytes(), c -> Amcheck.check(c, plan.schema(), t)));
        }
    }

    /** Starts the foreign keys' anti-joins, the sequences' check and the assertions, after the rest. */
    void integrity(List<IntegrityChecks.ForeignKey> fks, List<PgdrillConfig.Assertion> assertions) {
        this.fks = fks;
        for (IntegrityChecks.ForeignKey fk : fks) {
            orphans.add(pool.submit(CheckPool.UNSIZED, c -> IntegrityChecks.orphans(c, fk)));
        }
        sequences = pool.submit(CheckPool.UNSIZED, IntegrityChecks::sequences);
        for (PgdrillConfig.Assertion a : assertions) {
            asserted.add(pool.submit(CheckPool.UNSIZED, c -> Verifier.assertion(c, a)));
        }
    }

    /** Waits for everything started, reporting progress; a scan's failure is rethrown as it was. */
    Outcome outcome(ProgressListener listener) throws SQLException, InterruptedException {
        if (sequences == null) {
            throw new IllegalStateException("integrity() comes before outcome()");
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

    /** Stops whatever still runs (a failure or a cancellation while the caller read the catalog). */
    @Override
    public void close() {
        pool.close();
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
