package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.activities.backup.StoredFile;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.tools.ChildEnvironment;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.verify.CheckResult;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stored dump that pg_restore reads while it is decoded: its table of contents decoded into the 0700 folder,
 * and each data file a named pipe (0600) that one thread fills as pg_restore reads it ({@link FileFeed}),
 * decrypting, decompressing and hashing the stored file on the way. pg_restore's directory format opens each
 * data file by name when it restores that entry and reads it front to back (no seek); the only other thing it
 * does with a data file is a {@code stat} for its size, which orders a parallel restore's jobs: a pipe's size
 * is 0, so jobs go in the archive's order instead of largest first.
 *
 * <p>Every stored byte is still checked: a feed whose file pg_restore never opens (left out by a use-list, or
 * pg_restore failed first) is decoded and hashed into nothing when the restore ends, and a SHA-256 that differs
 * from the manifest's fails the {@code backup_files} check naming the file. No thread outlives {@link #close}.
 */
final class StreamedDump implements AutoCloseable {
    /** Past this many data files (tables, large objects) the dump is decoded into files: a thread a pipe. */
    static final int MAX_PIPES = 1000;

    private final Path folder;
    private final List<FileFeed> feeds;
    private final List<String> problems;
    private final Semaphore drains;

    private StreamedDump(Path folder, List<FileFeed> feeds, List<String> problems, Semaphore drains) {
        this.folder = folder;
        this.feeds = feeds;
        this.problems = problems;
        this.drains = drains;
    }

    /**
     * Whether a backup is restored through pipes: pgdrill stored its files (compressed or encrypted, so they need
     * decoding), pg_dump left its data files uncompressed ({@code .dat}, nothing pg_restore would look for under
     * another name), every file in the folder is in the manifest, and there are not too many of them.
     */
    static boolean applies(Path backupDir, Manifest m) throws IOException {
        if (!(m.encryption().enabled() || m.compression().byPgdrill())) {
            return false;
        }
        Path dump = backupDir.resolve(BackupRepository.DUMP_DIR);
        Set<String> recorded = m.files().stream().map(Manifest.FileEntry::path).collect(Collectors.toSet());
        List<Path> present;
        try (Stream<Path> s = Files.list(dump)) {
            present = s.toList();
        } catch (NoSuchFileException e) {
            return false; // the files check says what is missing
        }
        int data = 0;
        for (Path f : present) {
            String plain = StoredFile.plainName(f.getFileName().toString());
            if (!recorded.contains(FileCipher.pathIn(backupDir, f)) || !Files.isRegularFile(f)) {
                return false;
            }
            if (isData(plain)) {
                data++;
            } else if (!plain.endsWith(".toc") && !plain.equals("toc.dat")) {
                return false; // pg_dump compressed it itself (.gz): pg_restore would look for other names
            }
        }
        return data <= MAX_PIPES;
    }

    private static boolean isData(String plainName) {
        return plainName.endsWith(".dat") && !plainName.equals("toc.dat");
    }

    /**
     * Decodes the table of contents into {@code folder} and makes a pipe, with its feeding thread, for each data
     * file. {@code jobs} bounds how many files are decoded at once into nothing when the restore ends.
     */
    static StreamedDump open(Path backupDir, Manifest m, Optional<FileCipher> cipher, Path folder, int jobs)
            throws IOException, InterruptedException {
        Path dump = backupDir.resolve(BackupRepository.DUMP_DIR);
        List<String> problems = new ArrayList<>();
        List<FileFeed> feeds = new ArrayList<>();
        Semaphore drains = new Semaphore(Math.max(1, jobs));
        List<Manifest.FileEntry> data = new ArrayList<>();
        for (Manifest.FileEntry e : m.files()) {
            Path stored = backupDir.resolve(e.path()).normalize();
            if (!stored.startsWith(dump)) {
                continue; // not a dump file (the manifest lists only these today)
            }
            String plain = StoredFile.plainName(stored.getFileName().toString());
            if (isData(plain)) {
                data.add(e);
                continue;
            }
            try (OutputStream out = ScratchDir.newPrivateFile(folder.resolve(plain))) {
                FileFeed.check(backupDir, e, cipher, out).ifPresent(problems::add);
            }
        }
        StreamedDump s = new StreamedDump(folder, feeds, problems, drains);
        try {
            List<Path> pipes = new ArrayList<>();
            for (Manifest.FileEntry e : data) {
                Path stored = backupDir.resolve(e.path()).normalize();
                Path pipe =
                        folder.resolve(StoredFile.plainName(stored.getFileName().toString()));
                pipes.add(pipe);
                feeds.add(new FileFeed(backupDir, e, pipe, cipher, drains));
            }
            mkfifo(pipes);
            feeds.forEach(FileFeed::start);
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static void mkfifo(List<Path> pipes) throws IOException, InterruptedException {
        for (int i = 0; i < pipes.size(); i += 200) {
            List<String> cmd = new ArrayList<>(List.of("mkfifo", "-m", "600", "--"));
            pipes.subList(i, Math.min(pipes.size(), i + 200)).forEach(p -> cmd.add(p.toString()));
            Process p = ChildEnvironment.processBuilder(cmd, Map.of())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("unable to make the restore's named pipes: " + out.strip());
            }
        }
    }

    Path folder() {
        return folder;
    }

    /** Whether the table of contents matched its SHA-256 (pg_restore is not run on one that did not). */
    boolean tocIntact() {
        return problems.isEmpty();
    }

    /**
     * After pg_restore has exited: the files it never opened are decoded and hashed into nothing, every feed is
     * waited for, and what they found is returned: the failing {@code backup_files} check naming each file whose
     * SHA-256 or size differs, or empty when every file is as recorded.
     *
     * @throws ActivityException when a file is as recorded but does not decode (the key or format is wrong)
     */
    Optional<CheckResult> finish(ProgressListener listener) throws ActivityException, InterruptedException {
        release();
        long lastBeat = 0;
        for (FileFeed f : feeds) {
            while (!f.join(200)) {
                if (System.nanoTime() - lastBeat > TimeUnit.SECONDS.toNanos(2)) {
                    listener.progress(
                            "checksums", feeds.stream().filter(FileFeed::done).count(), feeds.size());
                    lastBeat = System.nanoTime();
                }
            }
        }
        List<String> found = new ArrayList<>(problems);
        Optional<String> undecodable = Optional.empty();
        for (FileFeed f : feeds) {
            f.problem().ifPresent(found::add);
            if (undecodable.isEmpty()) {
                undecodable = f.undecodable();
            }
        }
        if (found.isEmpty() && undecodable.isPresent()) {
            throw ActivityException.permanent(FailureType.ENCRYPTION, undecodable.get());
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CheckResult.fail(
                BackupFiles.CHECK,
                "every stored file as recorded",
                found.size() + " problem(s)",
                String.join("; ", found.subList(0, Math.min(found.size(), 20))) + (found.size() > 20 ? "; …" : "")));
    }

    /** Lets every feed still waiting for a reader go on without one (its file then decoded into nothing). */
    private void release() throws InterruptedException {
        for (FileFeed f : feeds) {
            f.release();
        }
        for (FileFeed f : feeds) {
            // A wake-up before the thread reached open() is missed: wake until it has opened (or ended).
            while (!f.opened() && f.alive()) {
                // Opened read-write, a pipe never blocks, and a writer waiting in open() for a reader wakes up.
                try (RandomAccessFile wake = new RandomAccessFile(f.pipe().toFile(), "rw")) {
                    wake.getFD();
                } catch (IOException e) {
                    f.abandon(); // the pipe is gone: its thread is not waiting on it
                    break;
                }
                for (int i = 0; i < 20 && !f.opened() && f.alive(); i++) {
                    Thread.sleep(1);
                }
            }
        }
    }

    /** Stops every feed (the rest of a file is not decoded) and waits for the threads. */
    @Override
    public void close() {
        feeds.forEach(FileFeed::abandon);
        try {
            release();
            for (FileFeed f : feeds) {
                f.join(TimeUnit.MINUTES.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only for the writer's side of the pipe: opening it waits for a reader. */
    static OutputStream openForWriting(Path pipe) throws IOException {
        return new FileOutputStream(pipe.toFile());
    }
}
