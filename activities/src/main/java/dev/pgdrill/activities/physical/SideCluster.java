package dev.pgdrill.activities.physical;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pgdrill.activities.EphemeralCluster;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One emergency restore's side cluster and the paths of its data directory swap, all next to production's data
 * directory P (one filesystem, so every move is one atomic rename):
 *
 * <pre>
 *   P.pgdrill-HEX/                      the side cluster's folder (0700): pgdrill's marker, pg_hba, server log
 *   P.pgdrill-HEX/pgdrill-switch.json   the switch's state: prepared, switching, back, committed
 *   P.pgdrill-HEX/data/                 the restored data directory, until the swap moves it to P
 *   P/pgdrill-restored                  in the restored data directory: names HEX (removed at commit)
 *   P.pre_restore_STAMP                 production's old data directory, kept after the swap
 *   P.failed_restore_STAMP              a restored data directory that served production and was switched back
 *   P.pgdrill.log                the server's output after pgdrill started production (pg_ctl -l)
 * </pre>
 */
final class SideCluster {
    static final String STATE_FILE = "pgdrill-switch.json";
    static final String RESTORED = "pgdrill-restored";
    private static final Duration PG_CTL = Duration.ofMinutes(15);

    /**
     * The switch's state, written before each step it announces.
     *
     * @param phase              prepared, switching, back or committed
     * @param productionOptions  production's own server options (its postmaster.opts, after the program)
     * @param productionTimeline production's timeline when the side was prepared: the restored one is above it
     */
    record State(
            String side,
            String restoreId,
            String label,
            String phase,
            String productionOptions,
            int productionTimeline,
            Instant at) {
        State to(String next) {
            return new State(side, restoreId, label, next, productionOptions, productionTimeline, Instant.now());
        }
    }

    private final Path production;
    private final String side;
    private final String stamp;
    private final Path pgCtl;
    private final Path pgControlData;

    SideCluster(Path production, String side, String stamp, Path pgCtl, Path pgControlData) {
        if (!side.matches("[0-9a-f]{8}") || !stamp.matches("[0-9]{8}T[0-9]{6}Z")) {
            throw new IllegalArgumentException("not a side cluster name or stamp: " + side + ", " + stamp);
        }
        this.production = production;
        this.side = side;
        this.stamp = stamp;
        this.pgCtl = pgCtl;
        this.pgControlData = pgControlData;
    }

    Path production() {
        return production;
    }

    Path folder() {
        return sibling(".pgdrill-" + side);
    }

    Path data() {
        return folder().resolve("data");
    }

    Path preRestore() {
        return sibling(".pre_restore_" + stamp);
    }

    Path failedRestore() {
        return sibling(".failed_restore_" + stamp);
    }

    String clusterName() {
        return "side_" + side;
    }

    Optional<EphemeralCluster> cluster() {
        return EphemeralCluster.at(folder(), clusterName());
    }

    Optional<State> state() throws IOException {
        Path f = folder().resolve(STATE_FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            State s = Json.MAPPER.readValue(Files.readString(f), State.class);
            if (!s.side().equals(side)) {
                throw new IOException(f + " names side cluster " + s.side() + ", not " + side);
            }
            return Optional.of(s);
        } catch (JsonProcessingException e) {
            throw new IOException("unreadable " + f + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Written to a new file, then renamed over the old: a crash leaves the old state or the new one. */
    void write(State s) throws IOException {
        Path tmp = folder().resolve(STATE_FILE + ".new");
        Files.writeString(tmp, Json.MAPPER.writeValueAsString(s));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.move(tmp, folder().resolve(STATE_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether {@code data} is this run's restored data directory (its mark names this side cluster). */
    boolean restored(Path data) throws IOException {
        Path mark = data.resolve(RESTORED);
        return Files.exists(mark) && Files.readString(mark).strip().equals(side);
    }

    void markRestored() throws IOException {
        Path mark = data().resolve(RESTORED);
        Files.writeString(mark, side + "\n");
        owned(mark);
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    static boolean running(Path data) throws IOException {
        return EphemeralCluster.server(data).isPresent();
    }

    /** {@code pg_ctl stop -m fast}: sessions ended, a checkpoint, a clean shutdown. */
    void stop(Path data, ProgressListener listener) throws IOException {
        ServerPrograms.Result r = ServerPrograms.run(
                List.of(pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "600", "stop"),
                Map.of(),
                "",
                PG_CTL,
                listener);
        if (!r.ok() && running(data)) {
            throw new IOException("pg_ctl stop of " + data + " exited " + r.exit() + ": " + r.why());
        }
    }

    /** Production's path started with production's own options, waited for until it accepts connections. */
    void startProduction(String options, ProgressListener listener) throws IOException {
        ServerPrograms.Result r = ServerPrograms.run(
                List.of(
                        pgCtl.toString(),
                        "-D",
                        production.toString(),
                        "-l",
                        sibling(".pgdrill.log").toString(),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        "600",
                        "start"),
                Map.of(),
                "",
                PG_CTL,
                listener);
        if (!r.ok()) {
            throw new IOException("pg_ctl start of " + production + " exited " + r.exit() + ": " + r.why()
                    + " (server output in " + sibling(".pgdrill.log") + ")");
        }
    }

    /** The options production's server runs with: its postmaster.opts after the program, as pg_ctl restart reads it. */
    static String options(Path data) throws IOException {
        Path opts = data.resolve("postmaster.opts");
        if (!Files.exists(opts)) {
            throw new IOException(opts + " is missing: the server was never started from this data directory");
        }
        String line = Files.readString(opts).strip();
        int at = line.indexOf(" \"");
        return at < 0 ? "" : line.substring(at + 1);
    }

    /** The timeline of the latest checkpoint, as {@code pg_controldata} reads pg_control. */
    int timeline(Path data, ProgressListener listener) throws IOException {
        return Integer.parseInt(control(data, "Latest checkpoint's TimeLineID:", listener));
    }

    /** One line of {@code pg_controldata}'s output, its value. */
    private String control(Path data, String label, ProgressListener listener) throws IOException {
        ServerPrograms.Result r = ServerPrograms.run(
                List.of(pgControlData.toString(), "-D", data.toString()),
                Map.of("LC_ALL", "C"),
                "",
                Duration.ofMinutes(1),
                listener);
        if (r.ok()) {
            for (String l : r.output().split("\n")) {
                if (l.startsWith(label)) {
                    return l.substring(label.length()).strip();
                }
            }
        }
        throw new IOException(
                "pg_controldata " + data + " exited " + r.exit() + " without '" + label + "': " + r.why());
    }

    /**
     * The side was promoted and ran with archiving off, so nothing it wrote was marked for the archiver: its new
     * timeline's history file, and any segment it completed while prepared (the verification suite's hint bits
     * can fill some). Marked now (only segments before its last checkpoint's, so never one still being written),
     * production's own archive_command pushes them once the archiving hold is released.
     */
    void markUnarchived(Path data, ProgressListener listener) throws IOException {
        String redo = control(data, "Latest checkpoint's REDO WAL file:", listener);
        String timeline = redo.substring(0, 8);
        Path wal = data.resolve("pg_wal");
        Path status = wal.resolve("archive_status");
        try (Stream<Path> files = Files.list(wal)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean history = name.endsWith(".history");
                boolean completed =
                        name.matches("[0-9A-F]{24}") && name.startsWith(timeline) && name.compareTo(redo) < 0;
                if ((history || completed)
                        && !exists(status.resolve(name + ".done"))
                        && !exists(status.resolve(name + ".ready"))) {
                    owned(Files.createFile(status.resolve(name + ".ready")));
                }
            }
        }
    }

    /** {@code pg_ctl reload}: the server rereads its configuration files. */
    void reload(Path data, ProgressListener listener) throws IOException {
        ServerPrograms.Result r = ServerPrograms.run(
                List.of(pgCtl.toString(), "-D", data.toString(), "reload"), Map.of(), "", PG_CTL, listener);
        if (!r.ok()) {
            throw new IOException("pg_ctl reload of " + data + " exited " + r.exit() + ": " + r.why());
        }
    }

    static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path sibling(String suffix) {
        return production.resolveSibling(production.getFileName() + suffix);
    }

    private static void owned(Path file) throws IOException {
        if (ServerPrograms.root()) {
            UserPrincipal pg =
                    file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES);
            Files.setOwner(file, pg);
        }
    }
}
