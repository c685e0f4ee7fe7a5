package dev.pgdrill.activities.restore;

import dev.pgdrill.activities.backup.DamagedFileException;
import dev.pgdrill.activities.backup.DecryptionException;
import dev.pgdrill.activities.backup.FileCipher;
import dev.pgdrill.activities.backup.StoredFile;
import dev.pgdrill.core.catalog.Manifest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * One thread that fills one named pipe of a {@link StreamedDump} with what pg_dump wrote: it waits for pg_restore
 * to open the pipe, then reads the stored file once, hashing it (SHA-256, size) while it decrypts and
 * decompresses it into the pipe. Released without a reader (pg_restore never opened the file), it decodes and
 * hashes the file into nothing, so every stored byte is checked either way.
 */
final class FileFeed {
    private final Path backupDir;
    private final Manifest.FileEntry entry;
    private final Path pipe;
    private final Optional<FileCipher> cipher;
    private final Semaphore drains;
    private final Thread thread;
    private volatile boolean released;
    private volatile boolean abandoned;
    private volatile boolean opened;
    /** Until the whole file has been read and hashed, a problem: no path leaves a file counted as checked. */
    private volatile Optional<String> problem;

    private volatile Optional<String> undecodable = Optional.empty();

    FileFeed(Path backupDir, Manifest.FileEntry entry, Path pipe, Optional<FileCipher> cipher, Semaphore drains) {
        this.backupDir = backupDir;
        this.entry = entry;
        this.pipe = pipe;
        this.cipher = cipher;
        this.drains = drains;
        this.problem = Optional.of(entry.path() + ": not read to its end");
        // Mostly blocked in open(): a small stack, and daemon so that not even a bug keeps a worker from exiting.
        this.thread = new Thread(null, this::run, "pgdrill-restore-feed", 256 * 1024);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        OutputStream pipeOut = null;
        try {
            pipeOut = StreamedDump.openForWriting(pipe); // returns once a reader opened the pipe
        } catch (IOException e) {
            // the pipe is gone (the step is ending): the file is still checked, into nothing
        }
        opened = true;
        boolean toPg = pipeOut != null && !released;
        try {
            if (!toPg) {
                drains.acquire(); // files decoded into nothing: a few at a time, not all at once
            }
            try {
                Sink sink = new Sink(toPg ? pipeOut : OutputStream.nullOutputStream());
                Result r = decode(backupDir, entry, cipher, sink);
                if (!abandoned) {
                    undecodable = r.undecodable();
                    problem = r.problem();
                }
            } catch (RuntimeException e) {
                problem = Optional.of(entry.path() + ": unreadable (" + e + ")");
            } finally {
                if (!toPg) {
                    drains.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pipeOut != null) {
                try {
                    pipeOut.close(); // pg_restore reads the end of the file
                } catch (IOException e) {
                    // pg_restore went away: nothing to tell it
                }
            }
        }
    }

    /** What reading one stored file found: a problem (changed, truncated, missing), or a layer that would not decode. */
    record Result(Optional<String> problem, Optional<String> undecodable) {}

    /** Decodes the stored file of {@code e} into {@code out}, hashing every stored byte; what it found. */
    static Result decode(Path backupDir, Manifest.FileEntry e, Optional<FileCipher> cipher, OutputStream out) {
        Path stored = backupDir.resolve(e.path()).normalize();
        MessageDigest sha = sha256();
        long size;
        Optional<String> failed = Optional.empty();
        try (InputStream file = Files.newInputStream(stored);
                DigestInputStream in = new DigestInputStream(file, sha)) {
            try {
                // the decoders close what they read: the file stays open for the rest of the hash
                StoredFile.read(unclosed(in), out, FileCipher.pathIn(backupDir, stored), cipher);
            } catch (DecryptionException | DamagedFileException x) {
                failed = Optional.of(e.path() + " does not decode: " + x.getMessage());
            }
            in.transferTo(OutputStream.nullOutputStream()); // the hash covers the whole file, decoded or not
            size = Files.size(stored);
        } catch (NoSuchFileException x) {
            return new Result(Optional.of(e.path() + ": missing"), Optional.empty());
        } catch (IOException x) {
            return new Result(Optional.of(e.path() + ": unreadable (" + x + ")"), Optional.empty());
        }
        if (size != e.sizeBytes()) {
            return new Result(Optional.of(e.path() + ": " + size + " bytes, recorded " + e.sizeBytes()), failed);
        }
        if (!HexFormat.of().formatHex(sha.digest()).equals(e.sha256())) {
            return new Result(Optional.of(e.path() + ": SHA-256 differs from the recorded one"), failed);
        }
        return new Result(Optional.empty(), failed);
    }

    private static InputStream unclosed(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }

    /** A table-of-contents file, decoded into {@code out} at once: its problem, if any. */
    static Optional<String> check(Path backupDir, Manifest.FileEntry e, Optional<FileCipher> cipher, OutputStream out) {
        Result r = decode(backupDir, e, cipher, out);
        return r.problem().or(r::undecodable);
    }

    /** pg_restore has exited: a feed still waiting for it decodes its file into nothing once woken. */
    void release() {
        released = true;
    }

    /** The step is ending: stop decoding (the rest of the file is neither written nor checked). */
    void abandon() {
        abandoned = true;
        released = true;
    }

    boolean opened() {
        return opened;
    }

    boolean alive() {
        return thread.isAlive();
    }

    boolean done() {
        return !thread.isAlive();
    }

    Path pipe() {
        return pipe;
    }

    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    Optional<String> problem() {
        return problem;
    }

    Optional<String> undecodable() {
        return undecodable;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The pipe, as long as pg_restore reads it: once it stops (it failed, or left the rest of the file), the
     * rest is decoded into nothing, still checked; abandoned, decoding stops.
     */
    private final class Sink extends OutputStream {
        private OutputStream out;

        Sink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (abandoned) {
                throw new IOException("the restore ended");
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                out = OutputStream.nullOutputStream(); // broken pipe: pg_restore is gone
            }
        }
    }
}
