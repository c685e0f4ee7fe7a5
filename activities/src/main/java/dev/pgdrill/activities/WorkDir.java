package dev.pgdrill.activities;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The private work folder of this worker process: the one place plaintext exists while a step needs it
 * (a decrypted dump until pg_restore has read it, a libpq password file while its program runs).
 *
 * <p>Layout of {@code repository.workDir} (default {@code ${java.io.tmpdir}/pgdrill-work}, a local folder):
 *
 * <pre>
 *   root/                 0700; must belong to the worker's user and be writable by nobody else
 *   root/ID.lock          held, as an exclusive FileChannel lock, by worker process ID for its lifetime
 *   root/ID/              0700, that worker's scratch folders, each removed when its step ends
 * </pre>
 *
 * Several workers may share a root (and hosts may, on a shared filesystem whose locks work), so whether
 * another worker is alive is never guessed from a pid or an age: only its lock says so, and the kernel
 * drops a lock when its process dies, however it dies (SIGKILL included). When a worker opens the root
 * it sweeps every folder whose lock it can take: the owner is gone, and what it left is removed. A
 * folder without a lock file is a leftover too: an owner creates its lock before its folder and removes
 * it after. A lock file is created under a temporary name and locked before it is renamed into place, so
 * a sweeper never sees an unlocked lock file of a live worker (a temporary one it takes away only makes
 * its creator start again under another id).
 */
public final class WorkDir implements AutoCloseable {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One per root and JVM: POSIX locks belong to the process, and closing any channel on a file drops them. */
    private static final Map<Path, WorkDir> OPEN = new HashMap<>();
    /** This JVM's lock files (by file key), which a sweep must not even open. */
    private static final Set<Object> HELD = new HashSet<>();

    private final Path root;
    private final Path dir;
    private final Path lockFile;
    private final FileChannel channel;
    private final Object lockKey;
    private final List<Path> swept;

    private WorkDir(Path root, Path dir, Path lockFile, FileChannel channel, Object lockKey, List<Path> swept) {
        this.root = root;
        this.dir = dir;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lockKey = lockKey;
        this.swept = swept;
    }

    /**
     * This process's folder under {@code root}, opened (and the root swept of dead workers' folders) on
     * first use; the worker opens it at start, tests and tools on their first restore.
     */
    public static synchronized WorkDir forRoot(Path root) throws IOException {
        Path key = root.toAbsolutePath().normalize();
        WorkDir open = OPEN.get(key);
        if (open == null) {
            try {
                open = open(key);
            } catch (IOException e) {
                throw new IOException("repository.workDir " + key + ": " + describe(e), e);
            }
            OPEN.put(key, open);
        }
        return open;
    }

    /** This worker's folder, {@code root/ID}. */
    public Path dir() {
        return dir;
    }

    /** What opening the root removed: folders (or lone lock files) of workers that are gone. */
    public List<Path> swept() {
        return swept;
    }

    /** A new 0700 folder for one step's plaintext, removed with everything in it when closed. */
    public ScratchDir scratch(String purpose) throws IOException {
        String prefix = purpose.replaceAll("[^A-Za-z0-9_.-]", "_") + "-";
        return new ScratchDir(Files.createTempDirectory(dir, prefix, PosixFilePermissions.asFileAttribute(OWNER_ONLY)));
    }

    /** Removes this worker's folder and releases its lock: a clean stop leaves nothing for the next sweep. */
    @Override
    public void close() throws IOException {
        synchronized (WorkDir.class) {
            OPEN.remove(root);
            HELD.remove(lockKey);
        }
        try {
            EphemeralCluster.sweep(dir); // a restored cluster's server is stopped before its files go
            FileTrees.deleteTree(dir);
            Files.deleteIfExists(lockFile);
        } finally {
            channel.close(); // releases the lock
        }
    }

    private static WorkDir open(Path root) throws IOException {
        Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        for (int attempt = 1; ; attempt++) {
            String id = "worker-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(RANDOM.nextInt());
            Path fresh = root.resolve("." + id + WorkDirSweep.NEW_LOCK);
            Path lockFile = root.resolve(id + WorkDirSweep.LOCK);
            FileChannel channel = FileChannel.open(
                    fresh,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                // A sweeper may take a lock file that is not locked yet, or remove it before the rename.
                if (channel.tryLock() != null && moved(fresh, lockFile)) {
                    checkRoot(root, lockFile);
                    Object key = fileKey(lockFile);
                    Path dir =
                            Files.createDirectory(root.resolve(id), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                    synchronized (WorkDir.class) {
                        HELD.add(key);
                    }
                    return new WorkDir(root, dir, lockFile, channel, key, WorkDirSweep.sweep(root));
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(fresh);
                Files.deleteIfExists(lockFile);
                channel.close();
                throw e;
            }
            channel.close();
            if (attempt == 3) {
                throw new IOException("another process keeps taking the lock files being created in " + root);
            }
        }
    }

    private static boolean moved(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException sweptMeanwhile) {
            return false;
        }
    }

    /** Plaintext goes only where nobody else can reach it: the root must be ours and writable by us alone. */
    private static void checkRoot(Path root, Path ours) throws IOException {
        PosixFileAttributes a = Files.readAttributes(root, PosixFileAttributes.class);
        UserPrincipal me = Files.getOwner(ours);
        if (!a.owner().equals(me)) {
            throw new IOException("belongs to " + a.owner().getName() + ", not to the worker's user " + me.getName()
                    + "; choose a folder of the worker's own");
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("is writable by other users (" + PosixFilePermissions.toString(p)
                    + "); make it 0700 (chmod 700) or choose another folder");
        }
    }

    /** Whether {@code lockFileKey} is one of this JVM's own lock files. */
    static synchronized boolean heldHere(Object lockFileKey) {
        return HELD.contains(lockFileKey);
    }

    static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied at " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a folder";
        }
        return e.getMessage();
    }
}
