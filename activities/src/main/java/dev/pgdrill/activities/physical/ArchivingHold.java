package dev.pgdrill.activities.physical;

import dev.pgdrill.activities.ServerPrograms;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Production's WAL archiving held from the cluster switch to the commit, in its data directory's
 * postgresql.auto.conf. That file is rewritten so that a crash at any moment leaves either the old text or the new,
 * never a truncated file a server would not start with: written beside it, flushed to disk, then renamed over it (a
 * rename within a directory is atomic), with the old file's owner and mode.
 */
final class ArchivingHold {
    private static final String HOLD = "# pgdrill: archiving held until the restore is committed";
    private static final String HOLD_BLOCK = HOLD + "\narchive_command = ''\n";

    private ArchivingHold() {}

    /**
     * Until the commit, the restored cluster serving production's port archives nothing: a switch back must not
     * leave its timeline in the stanza, where a later point-in-time restore (recovery_target_timeline latest) would
     * follow it. postgresql.auto.conf beats postgresql.conf; an empty archive_command keeps the WAL (archive_mode
     * stays as production has it) until {@link #release} and a reload let the archiver push it.
     */
    static void hold(Path data) throws IOException {
        Path auto = data.resolve("postgresql.auto.conf");
        String text = Files.exists(auto) ? Files.readString(auto) : "";
        if (!text.contains(HOLD)) {
            rewrite(auto, text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + HOLD_BLOCK);
        }
    }

    /** The hold removed (a reload then applies production's own archive_command). Idempotent. */
    static void release(Path data) throws IOException {
        Path auto = data.resolve("postgresql.auto.conf");
        if (Files.exists(auto) && Files.readString(auto).contains(HOLD)) {
            rewrite(auto, Files.readString(auto).replace(HOLD_BLOCK, "")); // production's own file
        }
    }

    static void rewrite(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".pgdrill-new");
        Set<PosixFilePermission> mode =
                Files.exists(file) ? Files.getPosixFilePermissions(file) : PosixFilePermissions.fromString("rw-------");
        UserPrincipal owner = Files.exists(file) ? Files.getOwner(file) : null;
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.setPosixFilePermissions(tmp, mode);
        if (owner != null) {
            Files.setOwner(tmp, owner);
        } else if (ServerPrograms.root()) {
            Files.setOwner(
                    tmp,
                    tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES));
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself on disk
        }
    }
}
