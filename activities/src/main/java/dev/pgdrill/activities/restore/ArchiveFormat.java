package dev.pgdrill.activities.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Which pg_dump archive format a path holds, by what pg_restore itself looks for. */
public enum ArchiveFormat {
    /** A folder with toc.dat ({@code pg_dump -Fd}). */
    DIRECTORY,
    /** A file starting with {@code PGDMP} ({@code pg_dump -Fc}). */
    CUSTOM,
    /** A tar file ({@code pg_dump -Ft}): pg_restore reads it with one job only. */
    TAR;

    /** The format, or empty when pg_restore cannot read it (a plain SQL dump, say). */
    public static Optional<ArchiveFormat> of(Path archive) throws IOException {
        if (Files.isDirectory(archive)) {
            return Files.exists(archive.resolve("toc.dat")) ? Optional.of(DIRECTORY) : Optional.empty();
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
            return Optional.of(CUSTOM);
        }
        if (n >= 262 && new String(Arrays.copyOfRange(head, 257, 262), StandardCharsets.US_ASCII).equals("ustar")) {
            return Optional.of(TAR);
        }
        return Optional.empty();
    }
}
