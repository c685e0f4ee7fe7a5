package dev.pgdrill.activities.backup;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.pgdrill.core.catalog.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * How one file of a dump is stored: its data compressed with zstd ({@code .zst}) when the backup is, then
 * encrypted ({@code .enc}) when it is, and hashed (SHA-256) as stored, all in one streaming pass that reads
 * the file once. The table of contents ({@code toc.dat}, {@code blobs.toc}) is never compressed, so
 * {@code pg_restore -l} reads it as it is (after decryption).
 */
public final class StoredFile {
    public static final String ZSTD = ".zst";
    public static final String ENCRYPTED = ".enc";
    /** Large enough that Tink encrypts straight from it and zstd's workers get whole jobs. */
    private static final int BUFFER = 1 << 20;

    private StoredFile() {}

    /** The name pg_dump gave a stored file: without {@code .enc} and {@code .zst}. */
    public static String plainName(String storedName) {
        String n = storedName.endsWith(ENCRYPTED)
                ? storedName.substring(0, storedName.length() - ENCRYPTED.length())
                : storedName;
        return n.endsWith(ZSTD) ? n.substring(0, n.length() - ZSTD.length()) : n;
    }

    /** Whether a stored file has a zstd layer to take off. */
    public static boolean compressed(String storedName) {
        String n = storedName.endsWith(ENCRYPTED)
                ? storedName.substring(0, storedName.length() - ENCRYPTED.length())
                : storedName;
        return n.endsWith(ZSTD);
    }

    /**
     * Writes what pg_dump wrote of one stored file to {@code out}: decrypted with {@code cipher} (a Tink
     * cipher whenever there is a zstd layer: compression came after the legacy format), then decompressed.
     *
     * @param path the file's place in the backup ({@link FileCipher#pathIn}), which encryption is bound to
     * @throws DecryptionException  when the ciphertext does not authenticate
     * @throws DamagedFileException when the compressed data is corrupt (its frame checksum included)
     */
    public static void read(InputStream in, OutputStream out, String path, Optional<FileCipher> cipher)
            throws IOException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!compressed(name)) {
            if (cipher.isPresent() && name.endsWith(ENCRYPTED)) {
                cipher.get().decrypt(in, out, path);
            } else {
                in.transferTo(out);
            }
            return;
        }
        InputStream source = in;
        if (name.endsWith(ENCRYPTED)) {
            if (!(cipher.orElse(null) instanceof TinkFileCipher tink)) {
                throw new DecryptionException("a compressed file needs the backup's streaming cipher to read");
            }
            source = tink.decryptingStream(in, path);
        }
        byte[] buf = new byte[BUFFER];
        try (InputStream plain = new ZstdInputStreamNoFinalizer(source)) {
            for (int n; (n = plain.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (ZstdIOException e) {
            throw new DamagedFileException("corrupt compressed data (" + e.getMessage() + ")");
        }
    }

    /**
     * Stores dump files: {@code zstdLevel} 0 leaves them uncompressed (pg_dump compressed them or not),
     * otherwise data files are compressed with that level on {@code zstdWorkers} threads each.
     */
    public record Writer(Optional<TinkFileCipher> cipher, int zstdLevel, int zstdWorkers) {
        /** A file this writer made (left alone when the rest of the folder is sealed). */
        boolean isStored(Path f) {
            String n = f.getFileName().toString();
            return (cipher.isPresent() && n.endsWith(ENCRYPTED)) || (zstdLevel > 0 && n.endsWith(ZSTD));
        }

        /** pg_dump's data files: a table's ({@code 3001.dat}) or large objects' ({@code blob_16384.dat}). */
        boolean compresses(Path f) {
            String n = f.getFileName().toString();
            return zstdLevel > 0 && n.endsWith(".dat") && !n.equals("toc.dat");
        }

        /** Replaces a complete {@code file} by its stored form (or hashes it where it is). */
        Manifest.FileEntry store(Path backupDir, Path file) throws IOException {
            return store(backupDir, file, () -> true);
        }

        /**
         * Replaces {@code file} by its stored form (or hashes it where it is), reading it as its writer still
         * appends to it until {@code complete} says the writer is done.
         */
        Manifest.FileEntry store(Path backupDir, Path file, BooleanSupplier complete) throws IOException {
            MessageDigest sha = sha256();
            boolean zstd = compresses(file);
            if (!zstd && cipher.isEmpty()) {
                try (InputStream in = new GrowingFile(file, complete);
                        OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                    in.transferTo(digest);
                }
                return entry(backupDir, file, sha);
            }
            String name = file.getFileName() + (zstd ? ZSTD : "") + (cipher.isPresent() ? ENCRYPTED : "");
            Path stored = file.resolveSibling(name);
            try (InputStream in = new GrowingFile(file, complete);
                    OutputStream sink = open(
                            new DigestOutputStream(Files.newOutputStream(stored), sha),
                            zstd,
                            FileCipher.pathIn(backupDir, stored))) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                    sink.write(buf, 0, n);
                }
            }
            Files.delete(file);
            return entry(backupDir, stored, sha);
        }

        /** The layers, outermost first: zstd writes into the cipher, the cipher into the digest and the file. */
        private OutputStream open(OutputStream file, boolean zstd, String path) throws IOException {
            OutputStream out = cipher.isPresent() ? cipher.get().encryptingStream(file, path) : file;
            if (zstd) {
                ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, zstdLevel);
                z.setChecksum(true); // a damaged file fails its frame checksum even where nothing else looks
                if (zstdWorkers > 1) {
                    z.setWorkers(zstdWorkers);
                }
                out = z;
            }
            return out;
        }

        private static Manifest.FileEntry entry(Path backupDir, Path stored, MessageDigest sha) throws IOException {
            return new Manifest.FileEntry(
                    FileCipher.pathIn(backupDir, stored),
                    Files.size(stored),
                    HexFormat.of().formatHex(sha.digest()));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
