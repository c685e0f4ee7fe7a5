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
 * A configuration file of production's data directory rewritten so that a crash at any moment leaves either the
 * old text or the new, never a truncated file a server would not start with: written beside it, flushed to disk,
 * then renamed over it (a rename within a directory is atomic), with the old file's owner and mode.
 */
final class ConfFile {
    private ConfFile() {}

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
