package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The pg_restore runs of one restore, what they printed, and the loads pgdrill does itself between them. */
final class RestorePasses {
    /** pg_restore's error lines kept for the check's detail. */
    private static final int MAX_ERRORS = 20;

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

    /** One pg_restore run with {@code options}; its exit code (kept). */
    int run(List<String> options) throws IOException, InterruptedException {
        List<String> run = new ArrayList<>(cmd);
        run.addAll(options);
        run.add(dump.toString());
        exit = runPass(run, env, errors, items, total, listener);
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
        Pass data = start(oneJob);
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

    /** One pg_restore run to its end; its exit code. Killed with its children when cancelled or failed. */
    private static int runPass(
            List<String> cmd,
            Map<String, String> env,
            List<String> errors,
            AtomicInteger items,
            int total,
            ProgressListener listener)
            throws IOException, InterruptedException {
        Process p = ChildEnvironment.processBuilder(cmd, env)
                .redirectErrorStream(true)
                .start();
        boolean readToTheEnd = false;
        try {
            readOutput(p, errors, items, total, listener);
            readToTheEnd = true;
        } finally {
            // Cancelled (a heartbeat threw) or failed: pg_restore stops before its input is removed.
            if (!readToTheEnd || !p.waitFor(1, TimeUnit.MINUTES)) {
                kill(p);
            }
        }
        return p.exitValue();
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** A pg_restore run with {@code options}, its output read on a thread of its own while the caller goes on. */
    private Pass start(List<String> options) throws IOException {
        List<String> run = new ArrayList<>(cmd);
        run.addAll(options);
        run.add(dump.toString());
        return new Pass(run);
    }

    /** A pass running beside the caller's work: {@link #finish} waits for it, {@link #stop} kills it. */
    private final class Pass {
        private final Process process;
        private final Thread reader;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Pass(List<String> run) throws IOException {
            process = ChildEnvironment.processBuilder(run, env)
                    .redirectErrorStream(true)
                    .start();
            reader = new Thread(
                    () -> {
                        try {
                            readOutput(process, errors, items, total, listener);
                        } catch (Throwable t) { // a cancellation (the heartbeat threw) or a read error: finish's
                            failure.set(t);
                            // nobody drains its output any more: stopped now, not blocked on a full pipe
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                        }
                    },
                    "pgdrill-pg_restore-data");
            reader.setDaemon(true);
            reader.start();
        }

        /** Its exit code once it has ended; what stopped its reader (a cancellation, say) is thrown here. */
        int finish() throws IOException, InterruptedException {
            boolean ended = false;
            try {
                reader.join();
                Throwable t = failure.get();
                if (t instanceof IOException e) {
                    throw e;
                } else if (t instanceof RuntimeException e) {
                    throw e;
                } else if (t instanceof Error e) {
                    throw e;
                } else if (t != null) {
                    throw new IOException(t);
                }
                ended = process.waitFor(1, TimeUnit.MINUTES);
                return ended ? process.exitValue() : -1;
            } finally {
                if (!ended) {
                    kill(process);
                }
            }
        }

        /** Kills it with its children, and waits for its reader. */
        void stop() throws InterruptedException {
            kill(process);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** Reads pg_restore's verbose output to its end: errors kept, TOC items counted, progress reported. */
    private static void readOutput(
            Process p, List<String> errors, AtomicInteger items, int total, ProgressListener listener)
            throws IOException {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long lastBeat = 0;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.contains("error:") || line.startsWith("pg_restore: error") || line.contains("ERROR:")) {
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(line.replaceFirst("^pg_restore: ", ""));
                    }
                } else if (line.startsWith("pg_restore: creating ")
                        || line.startsWith("pg_restore: processing data")
                        || line.startsWith("pg_restore: processing item")) {
                    items.incrementAndGet();
                }
                if (System.nanoTime() - lastBeat > TimeUnit.SECONDS.toNanos(2)) {
                    listener.progress("restore", Math.min(items.get(), total), total);
                    lastBeat = System.nanoTime();
                }
            }
        }
    }
}
