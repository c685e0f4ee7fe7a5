package dev.pgdrill.activities.backup;

import java.io.IOException;

/**
 * An encrypted file is not what was encrypted: wrong key, tampering, truncation, or a file moved from its
 * place in the backup. Never an I/O error of the disk, which stays a plain {@link IOException}.
 */
public final class DecryptionException extends IOException {
    private static final long serialVersionUID = 1L;

    public DecryptionException(String message) {
        super(message);
    }
}
