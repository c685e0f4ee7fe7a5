package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a dump into what is stored: each file compressed, encrypted and hashed in one pass over it
 * ({@link StoredFile}), on a pool of threads, while pg_dump runs. A table's data file is followed as pg_dump
 * writes it ({@link GrowingFile}, found by {@link #watch}) and ends when pg_dump says it finished that
 * table ({@link #finished}: the {@code finished item} lines of a parallel pg_dump) or exits
 * ({@link #dumpExited}); {@link #finish} then seals the rest (the table of contents, large objects).
 */
final class Sealer implements AutoCloseable {
    /** A table's data file as pg_dump writes it with {@code --compress=0}: {@code <dumpId>.dat}. */
    private static final Pattern TABLE_DATA = Pattern.compile("\\d+\\.dat");

    private static final long WATCH_MILLIS = 50;

    private final Path backupDir;
    private final Path dumpDir;
    private final StoredFile.Writer writer;
    private final ExecutorService pool;
    private final Map<Path, Future<Manifest.FileEntry>> sealing = new ConcurrentHashMap<>();
    private final Set<Path> complete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean exited;
    private volatile Thread watcher;

    /** @param backupDir the folder whose {@code dump/} is sealed; file paths come back relative to it */
    Sealer(Path backupDir, StoredFile.Writer writer, int threads) {
        this.backupDir = backupDir;
        this.dumpDir = backupDir.resolve(BackupRepository.DUMP_DIR);
        this.writer = writer;
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "pgdrill-seal");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts following each table data file as soon as pg_dump creates it. */
    void watch() {
        Thread t = new Thread(
                () -> {
                    while (!exited && !Thread.currentThread().isInterrupted()) {
                        tableFiles().forEach(this::follow);
                        try {
                            Thread.sleep(WATCH_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "pgdrill-seal-watch");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    /** pg_dump has written and closed this file for good. */
    void finished(Path file) {
        complete.add(file);
        if (Files.isRegularFile(file)) {
            follow(file);
        }
    }

    /** pg_dump is gone: every file it wrote is complete. */
    void dumpExited() {
        exited = true;
    }

    private void follow(Path file) {
        sealing.computeIfAbsent(
                file,
                f -> pool.submit(() -> {
                    Manifest.FileEntry e = writer.store(backupDir, f, () -> exited || complete.contains(f));
                    done.incrementAndGet();
                    return e;
                }));
    }

    private List<Path> tableFiles() {
        try (Stream<Path> list = Files.list(dumpDir)) {
            return list.filter(
                            f -> TABLE_DATA.matcher(f.getFileName().toString()).matches())
                    .toList();
        } catch (IOException e) {
            return List.of(); // not created yet
        }
    }

    /**
     * After pg_dump exited: seals every file not sealed yet and waits for all of them; entries by path.
     */
    List<Manifest.FileEntry> finish(ProgressListener listener) throws IOException, InterruptedException {
        dumpExited();
        Thread t = watcher;
        if (t != null) {
            t.join(); // it adds nothing from here on
        }
        List<Path> rest;
        // pg_dump's directory format is flat; files sealed meanwhile vanish, which a listing shrugs off
        try (Stream<Path> list = Files.list(dumpDir)) {
            rest = list.filter(Files::isRegularFile)
                    .filter(f -> !writer.isStored(f))
                    .filter(f -> !sealing.containsKey(f))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        rest.forEach(this::follow);
        List<Manifest.FileEntry> out = new ArrayList<>();
        for (Future<Manifest.FileEntry> fu : sealing.values()) {
            while (!fu.isDone()) {
                listener.progress("seal", done.get(), sealing.size());
                Thread.sleep(200);
            }
            out.add(get(fu));
        }
        out.sort(Comparator.comparing(Manifest.FileEntry::path));
        return out;
    }

    private static <T> T get(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Stops sealing and waits for the threads, so nothing writes into a folder its caller is removing. */
    @Override
    public void close() {
        exited = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
