package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ScratchDir;
import dev.pgdrill.activities.backup.BackupKey;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.DamagedFileException;
import dev.pgdrill.activities.backup.DecryptionException;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.activities.backup.StoredFile;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Turns a stored dump back into what pg_dump wrote, in a private folder pg_restore then reads: every file
 * decrypted and decompressed in one pass, several files at a time (largest first, so the longest file starts
 * at once). Used where the restore cannot stream the backup ({@link StreamedDump#applies}).
 */
final class DumpDecoder {
    private DumpDecoder() {}

    static Path decode(
            Path backupDir, Manifest m, Optional<Secret> key, Path target, int jobs, ProgressListener listener)
            throws ActivityException, IOException, InterruptedException {
        Optional<FileCipher> cipher = cipher(m, key);
        List<Path> files;
        try (Stream<Path> s = Files.list(backupDir.resolve(BackupRepository.DUMP_DIR))) {
            files = s.filter(Files::isRegularFile)
                    .sorted(Comparator.comparingLong((Path f) -> f.toFile().length())
                            .reversed())
                    .toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    decodeOne(backupDir, f, target, cipher);
                    done.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> fu : futures) {
                while (!fu.isDone()) {
                    listener.progress("decode", done.get(), files.size());
                    Thread.sleep(200);
                }
                get(fu);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        return target;
    }

    private static void decodeOne(Path backupDir, Path f, Path target, Optional<FileCipher> cipher)
            throws ActivityException, IOException {
        String name = StoredFile.plainName(f.getFileName().toString());
        try (InputStream in = Files.newInputStream(f);
                OutputStream out = ScratchDir.newPrivateFile(target.resolve(name))) {
            StoredFile.read(in, out, FileCipher.pathIn(backupDir, f), cipher);
        } catch (DecryptionException e) {
            throw ActivityException.permanent(FailureType.ENCRYPTION, f.getFileName() + ": " + e.getMessage());
        } catch (DamagedFileException e) {
            throw ActivityException.permanent(
                    FailureType.REPOSITORY, "backup file " + f.getFileName() + " is damaged: " + e.getMessage());
        }
    }

    static Optional<FileCipher> cipher(Manifest m, Optional<Secret> key) throws ActivityException {
        if (!m.encryption().enabled()) {
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw ActivityException.permanent(
                    FailureType.ENCRYPTION,
                    "backup " + m.backupId() + " is encrypted and repository.encryptionKey is not set");
        }
        try {
            return Optional.of(FileCipher.forBackup(
                    m.encryption(), BackupKey.unlock(key.get().reveal(), m.encryption())));
        } catch (BackupKey.WrongKeyException | DecryptionException e) {
            throw ActivityException.permanent(FailureType.ENCRYPTION, e.getMessage());
        }
    }

    private static void get(Future<?> f) throws ActivityException, IOException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ActivityException a) {
                throw a;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
