package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.crypto.SecretKey;

/**
 * Decryption of one backup's files, in the format its manifest names. New backups are written by
 * {@link TinkFileCipher} only; {@link ChunkedAesGcm} stays so backups taken before it remain restorable.
 */
public interface FileCipher {
    /**
     * Decrypts all of {@code in} to {@code out}. Throws {@link DecryptionException} as soon as anything does
     * not authenticate, so garbage is never passed on as data.
     *
     * @param path the file's place in the backup, see {@link #pathIn}
     */
    void decrypt(InputStream in, OutputStream out, String path) throws IOException;

    static FileCipher forBackup(Manifest.Encryption encryption, SecretKey key) throws DecryptionException {
        return switch (encryption.format()) {
            case Manifest.Encryption.TINK_STREAMING -> new TinkFileCipher(key);
            case Manifest.Encryption.LEGACY_CHUNKED -> new ChunkedAesGcm(key);
            default ->
                throw new DecryptionException("unknown encryption format '" + encryption.format()
                        + "' (the backup was made by a newer pgdrill)");
        };
    }

    /**
     * A file's path relative to its backup folder, '/'-separated whatever the OS, as in the manifest: the
     * same string when the file is sealed in the temporary folder and when it is read back after the rename.
     */
    static String pathIn(Path backupDir, Path file) {
        return StreamSupport.stream(backupDir.relativize(file).spliterator(), false)
                .map(Path::toString)
                .collect(Collectors.joining("/"));
    }
}
