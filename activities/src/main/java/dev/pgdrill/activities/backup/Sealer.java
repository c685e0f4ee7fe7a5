package dev.pgdrill.activities.backup;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.core.catalog.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Turns a finished dump into what is stored: each file encrypted (when a key is given) and hashed with
 * SHA-256 in one pass over it, in parallel, so the seal costs one read of the dump.
 */
final class Sealer {
    private final Optional<TinkFileCipher> cipher;
    private final int threads;

    Sealer(Optional<TinkFileCipher> cipher, int threads) {
        this.cipher = cipher;
        this.threads = Math.max(1, threads);
    }

    /** @param backupDir the folder whose {@code dump/} is sealed; file paths come back relative to it */
    List<Manifest.FileEntry> seal(Path backupDir, ProgressListener listener) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(backupDir.resolve(BackupRepository.DUMP_DIR))) {
            files = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        long total = files.stream().mapToLong(f -> f.toFile().length()).sum();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Manifest.FileEntry>> futures = new ArrayList<>();
            for (Path f : files) {
                long size = f.toFile().length();
                futures.add(pool.submit(() -> {
                    Manifest.FileEntry e = sealOne(backupDir, f);
                    done.addAndGet(size);
                    return e;
                }));
            }
            List<Manifest.FileEntry> out = new ArrayList<>();
            for (Future<Manifest.FileEntry> fu : futures) {
                while (!fu.isDone()) {
                    listener.progress("seal", done.get(), total);
                    Thread.sleep(200);
                }
                out.add(get(fu));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Manifest.FileEntry sealOne(Path backupDir, Path file) throws IOException {
        MessageDigest sha = sha256();
        Path stored = cipher.isPresent() ? file.resolveSibling(file.getFileName() + ".enc") : file;
        if (cipher.isPresent()) {
            // the cipher reads in segment-sized blocks itself and writes whole segments: no buffering needed
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(stored), sha)) {
                cipher.get().encrypt(in, out, FileCipher.pathIn(backupDir, stored));
            }
            Files.delete(file);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            }
        }
        return new Manifest.FileEntry(
                backupDir.relativize(stored).toString(),
                Files.size(stored),
                HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
}
