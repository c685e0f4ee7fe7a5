package dev.pgdrill.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.tools.PgTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker killed while its restored cluster runs: the next worker's sweep stops that server and removes
 * the folder; teardown never touches a folder whose marker does not name it. A real server (initdb +
 * pg_ctl) stands in for the restored one: the sweep only needs its folder, marker and postmaster.pid.
 */
class ClusterSweepIT {
    private final Path root = Path.of(
            System.getProperty("java.io.tmpdir"),
            "pgdrill-sweep-it-" + ProcessHandle.current().pid());

    @AfterEach
    void removeRoot() throws Exception {
        FileTrees.deleteTree(root);
    }

    /** A cluster folder as pgdrill makes it, in a worker folder {@code worker} that has no lock (its worker is gone). */
    private EphemeralCluster runningCluster(String worker, String name, String markerName) throws Exception {
        Path folder = Files.createDirectories(root.resolve(worker));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
        Path dir = Files.createDirectory(folder.resolve(EphemeralCluster.PREFIX + name));
        Files.writeString(
                dir.resolve(EphemeralCluster.MARKER),
                "{\"name\":\"" + markerName + "\",\"owner\":\"wf\",\"createdAt\":\"" + Instant.now()
                        + "\",\"port\":0,\"user\":\"\",\"password\":\"\"}");
        if (ServerPrograms.root()) {
            Files.setOwner(
                    dir,
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ServerPrograms.POSTGRES));
        }
        PgTools tools = new PgTools(Optional.empty());
        Path data = dir.resolve("data");
        ServerPrograms.Result init = ServerPrograms.run(
                List.of(
                        tools.find("initdb").orElseThrow().toString(),
                        "-D",
                        data.toString(),
                        "--no-sync",
                        "-A",
                        "trust"),
                Map.of(),
                "",
                Duration.ofMinutes(2),
                ProgressListener.NONE);
        assertThat(init.ok()).as(init.why()).isTrue();
        ServerPrograms.Result start = ServerPrograms.run(
                List.of(
                        tools.find("pg_ctl").orElseThrow().toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-o",
                        "-p 5432 -c listen_addresses='' -c unix_socket_directories='" + dir + "'",
                        "-w",
                        "start"),
                Map.of(),
                "",
                Duration.ofMinutes(1),
                ProgressListener.NONE);
        assertThat(start.ok()).as(start.why()).isTrue();
        return EphemeralCluster.find(root, markerName).orElseGet(() -> null);
    }

    @Test
    void theSweepOfADeadWorkersFolderStopsItsClusterBeforeRemovingIt() throws Exception {
        EphemeralCluster c = runningCluster("worker-1-gone", "drill_0badf00d", "drill_0badf00d");
        assertThat(c).isNotNull();
        ProcessHandle server = EphemeralCluster.server(c.dataDir()).orElseThrow();
        List<Path> swept = WorkDirSweep.sweep(root);
        assertThat(swept).contains(root.resolve("worker-1-gone"));
        assertThat(server.isAlive()).as("the postmaster of the swept cluster").isFalse();
        assertThat(root.resolve("worker-1-gone")).doesNotExist();
    }

    @Test
    void teardownLeavesAFolderWhoseMarkerNamesAnotherCluster() throws Exception {
        runningCluster("worker-2-gone", "drill_00000001", "drill_99999999");
        assertThat(EphemeralCluster.find(root, "drill_00000001")).isEmpty(); // the marker disagrees: not ours
        Path dir = root.resolve("worker-2-gone").resolve(EphemeralCluster.PREFIX + "drill_00000001");
        ProcessHandle server = EphemeralCluster.server(dir.resolve("data")).orElseThrow();
        assertThat(EphemeralCluster.sweep(root.resolve("worker-2-gone"))).isEmpty();
        assertThat(server.isAlive()).isTrue();
        assertThat(dir).exists();
        server.destroy(); // the test's own server, stopped by the test
        server.onExit().get();
    }
}
