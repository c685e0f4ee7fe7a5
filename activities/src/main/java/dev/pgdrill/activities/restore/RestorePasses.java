package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** The pg_restore runs of one restore, what they printed, and the loads pgdrill does itself between them. */
final class RestorePasses {
    private final List<String> cmd;
    private final Path dump;
    private final Map<String, String> env;
    private final int total;
    private final ProgressListener listener;
    /** Synchronized: the data pass's reader adds to it beside the loads. */
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    final AtomicInteger items = new AtomicInteger();
    int exit;

    RestorePasses(List<String> cmd, Path dump, Map<String, String> env, int total, ProgressListener listener) {
        this.cmd = cmd;
        this.dump = dump;
        this.env = env;
        this.total = total;
        this.listener = listener;
    }

    /** One pg_restore run with {@code options}, to its end; its exit code (kept). */
    int run(List<String> options) throws IOException, InterruptedException {
        exit = start(options).finish();
        return exit;
    }

    /**
     * pre-data; the data but the large tables'; each large table over {@code jobs} connections; post-data.
     * Post-data (indexes, keys, triggers) comes after all data, as with partitions.
     *
     * @param dataBytes the stored size of all the dump's data files, the large tables' included
     * @param besideBelow the other tables' data, when smaller than this, is loaded by one pg_restore job beside the
     *     large tables' COPYs (as many connections as before: {@code jobs} COPYs and one); else after them, over
     *     {@code jobs}
     */
    void split(
            long dataBytes,
            long besideBelow,
            List<SplitLoad.Candidate> large,
            List<String> session,
            TableOfContents toc,
            Optional<TableOfContents.UseList> list,
            Optional<Predicate<String>> leaveOut,
            ScratchDir scratch,
            DatabaseProfile server,
            String database,
            int jobs)
            throws IOException, InterruptedException {
        List<String> useList = list.map(l -> List.of("--use-list=" + l.file())).orElse(List.of());
        if (run(concat(useList, "--section=pre-data")) != 0) {
            return;
        }
        List<SplitLoad.Table> tables;
        try (Connection c = Connections.open(server, database)) {
            tables = SplitLoad.resolve(c, large);
        } catch (SQLException e) {
            errors.add("reading the restored tables: " + e.getMessage());
            exit = 1;
            return;
        }
        Set<String> mine = new HashSet<>();
        tables.forEach(t -> mine.add(t.entry().line()));
        Predicate<String> out =
                l -> mine.contains(l) || leaveOut.map(p -> p.test(l)).orElse(false);
        Optional<TableOfContents.UseList> dataList = toc.without(out, scratch.folder("toc-data"));
        List<String> dataPass =
                concat(dataList.map(l -> List.of("--use-list=" + l.file())).orElse(List.of()), "--section=data");
        long rest =
                dataBytes - tables.stream().mapToLong(t -> t.entry().bytes()).sum();
        if (rest >= besideBelow) {
            if (run(dataPass) != 0) {
                return;
            }
            if (load(tables, session, server, database, jobs)) {
                run(concat(useList, "--section=post-data"));
            }
            return;
        }
        // Little other data: it goes in beside the large tables (other tables, and no index, key or trigger yet for
        // one to wait on another), on one job. Started first: its pg_restore's start-up overlaps the COPYs.
        List<String> oneJob = new ArrayList<>(dataPass);
        oneJob.add("--jobs=1"); // pg_restore takes the last --jobs
        RestoreRun data = start(oneJob);
        boolean loaded = false;
        try {
            loaded = load(tables, session, server, database, jobs);
        } finally {
            if (!loaded) {
                try {
                    data.stop(); // a failed or cancelled load leaves no pg_restore behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the load's own failure is the one to report
                }
            }
        }
        if (!loaded) {
            return;
        }
        exit = data.finish();
        if (exit != 0) {
            return;
        }
        run(concat(useList, "--section=post-data"));
    }

    /** Each large table over {@code jobs} COPY connections; false (the error kept) when a COPY failed. */
    private boolean load(
            List<SplitLoad.Table> tables, List<String> session, DatabaseProfile server, String database, int jobs)
            throws IOException, InterruptedException {
        for (SplitLoad.Table t : tables) {
            try {
                SplitCopy.load(
                        () -> Connections.open(server, database),
                        session,
                        t.copySql(),
                        t.entry().file(),
                        jobs,
                        bytes -> listener.progress("restore", Math.min(items.get(), total), total));
                items.incrementAndGet();
            } catch (SQLException e) {
                errors.add("COPY " + t.qualified() + ": " + e.getMessage());
                exit = 1;
                return false;
            }
        }
        return true;
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    /** A pg_restore run with {@code options}, going on beside the caller until it {@link RestoreRun#finish}es. */
    private RestoreRun start(List<String> options) throws IOException {
        List<String> run = new ArrayList<>(cmd);
        run.addAll(options);
        run.add(dump.toString());
        return new RestoreRun(run, env, errors, items, total, listener);
    }
}
