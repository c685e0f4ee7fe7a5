package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pg_restore process, its verbose output read on a thread of its own (error lines kept, TOC items counted,
 * progress reported) while the caller waits ({@link #finish}) or does other work beside it ({@link #stop} ends it).
 */
final class RestoreRun {
    /** pg_restore's error lines kept for the check's detail. */
    private static final int MAX_ERRORS = 20;

    private final Process process;
    private final Thread reader;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param errors where error lines go: synchronized, when runs overlap
     * @param items  TOC items restored so far, shared by a restore's runs
     */
    RestoreRun(
            List<String> cmd,
            Map<String, String> env,
            List<String> errors,
            AtomicInteger items,
            int total,
            ProgressListener listener)
            throws IOException {
        process = ChildEnvironment.processBuilder(cmd, env)
                .redirectErrorStream(true)
                .start();
        reader = new Thread(
                () -> {
                    try {
                        readOutput(errors, items, total, listener);
                    } catch (Throwable t) { // a cancellation (the heartbeat threw) or a read error: finish's
                        failure.set(t);
                        destroy(); // nobody drains its output any more: stopped now, not blocked on a full pipe
                    }
                },
                "pgdrill-pg_restore");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Its exit code once it has ended; what stopped its reader (a cancellation, say) is thrown here. Interrupted,
     * or ending without its output read, pg_restore is killed with its children before its input is removed.
     */
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
                kill();
            }
        }
    }

    /** Kills it with its children, and waits for its reader. */
    void stop() throws InterruptedException {
        kill();
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void kill() throws InterruptedException {
        destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void readOutput(List<String> errors, AtomicInteger items, int total, ProgressListener listener)
            throws IOException {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
