package dev.pgdrill.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private work folder: owner-only from the start, and a sweep that tells dead workers from live ones by their locks. */
class WorkDirTest {
    @TempDir
    Path tmp;

    private final List<Process> holders = new ArrayList<>();

    @AfterEach
    void stopHolders() {
        holders.forEach(Process::destroyForcibly);
    }

    @Test
    void everyFolderAndFileIsTheWorkersAloneFromTheStart() throws Exception {
        Path root = tmp.resolve("work");
        WorkDir work = WorkDir.forRoot(root);
        assertThat(perms(root)).isEqualTo("rwx------");
        assertThat(perms(work.dir())).isEqualTo("rwx------");
        assertThat(work.dir().getParent()).isEqualTo(root);
        try (ScratchDir scratch = work.scratch("restore-pgdrill_drill_1")) {
            assertThat(perms(scratch.path())).isEqualTo("rwx------");
            assertThat(perms(scratch.folder("dump"))).isEqualTo("rwx------");
            try (OutputStream out = ScratchDir.newPrivateFile(scratch.path().resolve("dump/3001.dat"))) {
                out.write(1);
            }
            assertThat(perms(scratch.path().resolve("dump/3001.dat"))).isEqualTo("rw-------");
            Map<String, String> env = scratch.libpqEnv(profile("pa:ss\\word"), "pgdrill_drill_1");
            assertThat(env).doesNotContainKey("PGPASSWORD").containsEntry("PGDATABASE", "pgdrill_drill_1");
            Path passfile = Path.of(env.get("PGPASSFILE"));
            assertThat(passfile.getParent()).isEqualTo(scratch.path());
            assertThat(perms(passfile)).isEqualTo("rw-------");
            assertThat(Files.readString(passfile)).isEqualTo("*:*:*:*:pa\\:ss\\\\word\n");
        }
        assertThat(work.dir()).as("a closed scratch folder leaves nothing").isEmptyDirectory();
        assertThat(WorkDir.forRoot(root)).as("one per root and process").isSameAs(work);
    }

    @Test
    void aSweepRemovesWhatADeadWorkerLeftAndLeavesALiveWorkersFolderAlone() throws Exception {
        Path root = tmp.resolve("shared");
        Process dead = holder(root);
        Path deadScratch = readyAt(dead);
        Process live = holder(root);
        Path liveScratch = readyAt(live);
        assertThat(deadScratch.resolve("3001.dat")).exists();
        dead.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, its files stay
        assertThat(deadScratch.resolve("3001.dat"))
                .as("a SIGKILL leaves the plaintext")
                .exists();
        Path orphan = Files.createDirectory(root.resolve("worker-1-dead")); // a folder whose lock file is gone

        WorkDir work = WorkDir.forRoot(root); // what a worker does at start

        Path deadFolder = deadScratch.getParent();
        assertThat(work.swept()).containsExactlyInAnyOrder(deadFolder, orphan);
        assertThat(deadFolder).doesNotExist();
        assertThat(root.resolve(deadFolder.getFileName() + ".lock")).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(liveScratch.resolve("3001.dat")).as("a live worker's files").exists();

        live.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(WorkDirSweep.sweep(root)).containsExactly(liveScratch.getParent());
        assertThat(work.dir())
                .as("this process's own folder survives its own sweep")
                .isDirectory();
        try (var left = Files.list(root)) {
            assertThat(left)
                    .containsExactlyInAnyOrder(
                            work.dir(), root.resolve(work.dir().getFileName() + ".lock"));
        }
    }

    @Test
    void closingRemovesTheFolderAndItsLock() throws Exception {
        Path root = tmp.resolve("closing");
        WorkDir work = WorkDir.forRoot(root);
        work.scratch("restore-app");
        work.close();
        assertThat(root).isEmptyDirectory();
        assertThat(WorkDir.forRoot(root)).as("opened afresh").isNotSameAs(work);
    }

    @Test
    void refusesARootOtherUsersCanWriteTo() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> WorkDir.forRoot(root))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "repository.workDir " + root
                                + ": is writable by other users (rwxrwxrwx); make it 0700 (chmod 700) or choose another folder");
        assertThat(root).as("nothing left behind").isEmptyDirectory();
    }

    private Process holder(Path root) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkDirHolder.class.getName(),
                        root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        holders.add(p);
        return p;
    }

    /** The scratch folder the holder prints once its work folder is open and its file written. */
    private static Path readyAt(Process holder) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the holder's scratch folder").isNotNull();
        return Path.of(line);
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static DatabaseProfile profile(String password) {
        return new DatabaseProfile(
                "sandbox",
                Role.SANDBOX,
                "127.0.0.1",
                5432,
                "postgres",
                "postgres",
                Optional.of(new Secret("${PW}", password)),
                Optional.empty(),
                "prefer");
    }
}
