package dev.pgdrill.activities;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a folder with everything in it; links inside are removed, never followed. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code dir} and all it holds; absent is fine. A named pipe in it (a streamed restore's data file) is
     * held open while the tree goes: a pg_restore left behind by a killed worker, waiting in open() for a writer
     * that will never come, gets its pipe, reads its end, and goes on to find the rest of its input gone, instead
     * of waiting forever.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<RandomAccessFile> held = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (pipe(p)) {
                    // read-write, a pipe opens at once (Linux) and counts as its writer; one that cannot be opened
                    // is removed all the same
                    try {
                        held.add(new RandomAccessFile(p.toFile(), "rw"));
                    } catch (IOException e) {
                        // nothing waits on it then
                    }
                }
                Files.deleteIfExists(p);
            }
        } finally {
            for (RandomAccessFile f : held) {
                f.close();
            }
        }
    }

    /** S_IFIFO in st_mode: a named pipe, not a socket (a stopped cluster's {@code .s.PGSQL.*} is "other" too). */
    private static final int FIFO_TYPE = 0010000;

    private static final int FILE_TYPE_MASK = 0170000;

    private static boolean pipe(Path p) {
        try {
            if (!Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .isOther()) {
                return false;
            }
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & FILE_TYPE_MASK) == FIFO_TYPE;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
