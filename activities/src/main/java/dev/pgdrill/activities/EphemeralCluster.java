package dev.pgdrill.activities;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pgdrill.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster that pgdrill restores a physical backup into, in its worker's folder of
 * {@code repository.workDir}:
 *
 * <pre>
 *   root/ID/cluster-NAME/                 0700, the cluster's folder (NAME: its owner's 8 hex)
 *   root/ID/cluster-NAME/pgdrill-cluster.json   the ownership marker, written before anything else
 *   root/ID/cluster-NAME/data/            the restored data directory
 *   root/ID/cluster-NAME/pg_hba.conf      pgdrill's own: local trust, TCP loopback with a password
 * </pre>
 *
 * A folder is pgdrill's only when it is named {@code cluster-NAME} and holds the marker naming NAME: only
 * then does teardown, or the sweep of a dead worker's folder, stop its server and remove it.
 */
public final class EphemeralCluster {
    public static final String PREFIX = "cluster-";
    public static final String MARKER = "pgdrill-cluster.json";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,40}");

    /**
     * The marker: who owns the cluster, and how to reach it once started.
     *
     * @param password a random password pgdrill set on {@code user} in this copy only (the folder is 0700)
     */
    public record Marker(String name, String owner, Instant createdAt, int port, String user, String password) {}

    private final Path dir;

    private EphemeralCluster(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    /** A fresh folder for cluster {@code name} in this worker's folder, its marker written first. */
    public static EphemeralCluster create(WorkDir work, String name, String owner) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IOException("not a cluster name: " + name);
        }
        Path dir = Files.createDirectory(
                work.dir().resolve(PREFIX + name), PosixFilePermissions.asFileAttribute(WorkDir.OWNER_ONLY));
        EphemeralCluster c = new EphemeralCluster(dir);
        c.write(new Marker(name, owner, Instant.now(), 0, "", ""));
        if (ServerPrograms.root()) {
            // The server runs as postgres: it must reach its folder (0711 lets it pass, not list, the folders
            // above it; every scratch folder in them stays 0700 root) and own it.
            Files.setPosixFilePermissions(work.dir(), PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(work.dir().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            UserPrincipal pg =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES);
            Files.setOwner(dir, pg);
        }
        return c;
    }

    /**
     * A fresh folder at exactly {@code dir} (an emergency restore's side cluster, next to production's data
     * directory), its marker written first. Its parent must exist; as root, the folder is the server user's.
     */
    public static EphemeralCluster createAt(Path dir, String name, String owner) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IOException("not a cluster name: " + name);
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(WorkDir.OWNER_ONLY));
        EphemeralCluster c = new EphemeralCluster(dir);
        c.write(new Marker(name, owner, Instant.now(), 0, "", ""));
        if (ServerPrograms.root()) {
            UserPrincipal pg =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES);
            Files.setOwner(dir, pg);
        }
        return c;
    }

    /** The cluster in {@code dir}, when its marker names {@code name}: pgdrill made it. */
    public static Optional<EphemeralCluster> at(Path dir, String name) {
        try {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && read(dir).name().equals(name)) {
                return Optional.of(new EphemeralCluster(dir));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The cluster {@code name} in any worker's folder under the root, if pgdrill's marker says it is. */
    public static Optional<EphemeralCluster> find(Path root, String name) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> workers = Files.list(root)) {
            for (Path w : workers.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Path dir = w.resolve(PREFIX + name);
                if (owned(dir)) {
                    return Optional.of(new EphemeralCluster(dir));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dir} is a cluster folder pgdrill made: its name and its marker agree. */
    static boolean owned(Path dir) {
        String folder = dir.getFileName().toString();
        if (!folder.startsWith(PREFIX) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return read(dir).name().equals(folder.substring(PREFIX.length()));
        } catch (IOException e) {
            return false;
        }
    }

    public Marker marker() throws IOException {
        return read(dir);
    }

    public void write(Marker m) throws IOException {
        Files.writeString(
                dir.resolve(MARKER),
                Json.MAPPER.writeValueAsString(m),
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(dir.resolve(MARKER), PosixFilePermissions.fromString("rw-------"));
    }

    private static Marker read(Path dir) throws IOException {
        try {
            return Json.MAPPER.readValue(Files.readString(dir.resolve(MARKER)), Marker.class);
        } catch (JsonProcessingException e) {
            throw new IOException("unreadable " + MARKER + " in " + dir + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Stops its server if one runs (immediate: a throwaway copy needs no checkpoint) and removes the folder.
     * The server is found by its {@code postmaster.pid}, and signalled only when that process is a postgres
     * serving this very data directory.
     */
    public void remove() throws IOException {
        stop();
        FileTrees.deleteTree(dir);
    }

    /** Whether a postgres serves this data directory now. */
    public boolean running() throws IOException {
        return server(dataDir()).isPresent();
    }

    /** Stops the server of this data directory, if it runs. */
    public void stop() throws IOException {
        Optional<ProcessHandle> server = server(dataDir());
        if (server.isEmpty()) {
            return;
        }
        ProcessHandle p = server.get();
        List<ProcessHandle> children = new ArrayList<>(p.children().toList());
        p.destroy(); // SIGTERM: no clients are left that a smart shutdown would wait for
        try {
            p.onExit().get(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } catch (ExecutionException | TimeoutException notYet) {
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The postmaster of {@code data}, from its pid file, when it is alive and serves that directory. */
    public static Optional<ProcessHandle> server(Path data) throws IOException {
        Optional<PostmasterPid> file = PostmasterPid.of(data);
        if (file.isEmpty()
                || file.get().dataDirectory().isEmpty()
                || !Path.of(file.get().dataDirectory()).equals(data.toAbsolutePath())) {
            return Optional.empty();
        }
        return file.get()
                .pid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(h ->
                        h.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    }

    /** Stops and removes every cluster pgdrill made in {@code workerDir} (a dead worker's folder, before it goes). */
    static List<Path> sweep(Path workerDir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(workerDir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> entries = Files.list(workerDir)) {
            for (Path p : entries.filter(EphemeralCluster::owned).toList()) {
                new EphemeralCluster(p).remove();
                out.add(p);
            }
        }
        return out;
    }
}
