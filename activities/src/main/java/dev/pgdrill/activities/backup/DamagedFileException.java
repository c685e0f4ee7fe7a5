package dev.pgdrill.activities.backup;

import java.io.IOException;

/**
 * A stored file's compressed data is not what was compressed (corrupted or truncated): the backup is damaged.
 * Never an I/O error of the disk, which stays a plain {@link IOException}.
 */
public final class DamagedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public DamagedFileException(String message) {
        super(message);
    }
}
