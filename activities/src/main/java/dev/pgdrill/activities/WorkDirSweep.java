package dev.pgdrill.activities;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The sweep of a {@link WorkDir} root: a worker's folder {@code ID/} is removed when its lock file
 * {@code ID.lock} can be locked (the kernel released it: the worker is gone, however it died) or is
 * missing (its owner always creates the lock first and removes it last).
 */
final class WorkDirSweep {
    static final String LOCK = ".lock";
    /** A lock file being created: locked first, then renamed to {@code ID.lock}. */
    static final String NEW_LOCK = ".lock.new";

    private WorkDirSweep() {}

    /**
     * Removes what workers that are gone left under {@code root}: every {@code ID/} whose lock can be taken
     * or that has no lock file, with its lock file. Live workers' folders (locked) are left alone.
     */
    static List<Path> sweep(Path root) throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(NEW_LOCK)) {
                    ids.add(name.substring(1, name.length() - NEW_LOCK.length()));
                } else if (name.endsWith(LOCK)) {
                    ids.add(name.substring(0, name.length() - LOCK.length()));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    ids.add(name);
                }
            }
        }
        List<Path> swept = new ArrayList<>();
        for (String id : ids) {
            sweepOne(root, id, swept);
        }
        return swept;
    }

    private static void sweepOne(Path root, String id, List<Path> swept) throws IOException {
        Path folder = root.resolve(id);
        Path lockFile = root.resolve(id + LOCK);
        if (!Files.exists(lockFile)) {
            lockFile = root.resolve("." + id + NEW_LOCK);
        }
        if (!Files.exists(lockFile)) {
            removeFolder(folder, swept); // no lock file: never a live worker's
            return;
        }
        try {
            if (WorkDir.heldHere(WorkDir.fileKey(lockFile))) {
                return; // this JVM's own: even opening it would drop the lock when closed
            }
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                    FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    return; // its worker is alive
                }
                if (!removeFolder(folder, swept)) {
                    swept.add(lockFile);
                }
                Files.delete(lockFile);
            }
        } catch (OverlappingFileLockException | NoSuchFileException heldHereOrRenamed) {
            // held elsewhere in this JVM, or renamed or removed under us: not this sweep's to remove
        }
    }

    private static boolean removeFolder(Path folder, List<Path> swept) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        // A restored cluster the dead worker started would outlive it: its server is stopped before the files go.
        EphemeralCluster.sweep(folder);
        FileTrees.deleteTree(folder);
        swept.add(folder);
        return true;
    }
}
