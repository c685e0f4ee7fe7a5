package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No decrypted file remains after a SIGKILLed worker restarts: a drill of an encrypted backup, the worker
 * killed while pg_restore reads the decrypted dump, a new worker that sweeps it at start, and the drill
 * finished by the new worker (after the heartbeat timeout, 2 minutes: the one wait this test accepts).
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class PlaintextAfterCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ENV = "PGDRILL_E2E_BACKUP_KEY";
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;

    @TempDir
    Path dir;

    PlaintextAfterCrashIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @Test
    void noDecryptedFileRemainsAfterASigkilledWorkerRestarts() throws Exception {
        SampleData.createPgbench(pg, "bench", 5); // seconds of pg_restore: time to kill the worker in it
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path work = dir.resolve("work");
        String config = TestConfigs.write(
                        TestConfigs.yaml(pg, repo, temporal.address())
                                .replace("database: app,", "database: bench,")
                                .replace(
                                        "repository: { path: \"" + repo + "\" }",
                                        "repository: { path: \"" + repo + "\", encryptionKey: \"${" + KEY_ENV
                                                + "}\", workDir: \"" + work + "\" }"),
                        dir)
                .toString();
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put(KEY_ENV, "e2e backup passphrase");
        Pgdrill pgdrill = new Pgdrill(env);
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();

        String drillId;
        List<ProcessHandle> orphans = List.of();
        Pgdrill.WorkerProcess first = worker(pgdrill, config, "worker-1.log");
        try {
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            Pgdrill.Result started = pgdrill.cli("drill", "run", "--config", config, "--latest", "--json");
            assertThat(started.exitCode()).as(started.all()).isZero();
            drillId = JSON.readTree(started.stdout()).get("workflowId").asText();

            orphans = awaitPgRestore(first, Duration.ofMinutes(3));
            assertThat(plaintextFiles(work))
                    .as("the decrypted dump while pg_restore reads it")
                    .anyMatch(f -> f.getFileName().toString().contains(".dat"));
            first.kill(); // SIGKILL: no shutdown hook, no finally block
            assertThat(plaintextFiles(work))
                    .as("what a SIGKILL leaves behind")
                    .anyMatch(f -> f.getFileName().toString().contains(".dat"));
        } finally {
            first.close();
        }

        try (Pgdrill.WorkerProcess second = worker(pgdrill, config, "worker-2.log")) {
            assertThat(plaintextFiles(work))
                    .as("swept by the new worker at start")
                    .isEmpty();
            assertThat(second.output()).contains("left in the work folder by a pgdrill worker that is gone");

            DrillResult result = awaitDrill(drillId, Duration.ofMinutes(8));
            assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
            assertThat(plaintextFiles(work))
                    .as("after the drill the new worker finished")
                    .isEmpty();
            assertThat(pg.pgdrillDatabases()).as("no drill database left").isEmpty();
            assertThat(second.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        } finally {
            orphans.forEach(ProcessHandle::destroyForcibly); // a killed worker's pg_restore lives on, as in a crash
        }
    }

    private static Pgdrill.WorkerProcess worker(Pgdrill pgdrill, String config, String log) throws Exception {
        Pgdrill.WorkerProcess w = pgdrill.worker(Path.of(config).resolveSibling(log), "--config", config);
        w.awaitLog(l -> l.contains("RestoreDrillWorkflow"), Duration.ofSeconds(60));
        return w;
    }

    /** Waits for the worker's pg_restore that restores (not the quick {@code pg_restore -l}); returns the tree. */
    private static List<ProcessHandle> awaitPgRestore(Pgdrill.WorkerProcess worker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> restoring = worker.process()
                    .descendants()
                    .filter(h -> h.info().command().orElse("").endsWith("/pg_restore") && restores(h))
                    .toList();
            if (!restoring.isEmpty()) {
                return worker.process().descendants().toList();
            }
            if (!worker.process().isAlive()) {
                throw new AssertionError("the worker exited:\n" + worker.output());
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no pg_restore within " + timeout + ":\n" + worker.output());
    }

    private static boolean restores(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc/" + h.pid() + "/cmdline"), StandardCharsets.ISO_8859_1)
                    .contains("--dbname=");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Every file in the workers' folders: decrypted dumps, password files (the lock files beside them aside). */
    private static List<Path> plaintextFiles(Path work) throws IOException {
        if (!Files.exists(work)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getParent().equals(work))
                    .toList();
        }
    }

    private DrillResult awaitDrill(String drillId, Duration timeout) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            return WorkflowClient.newInstance(stubs)
                    .newUntypedWorkflowStub(drillId)
                    .getResult(timeout.toSeconds(), TimeUnit.SECONDS, DrillResult.class);
        } catch (TimeoutException e) {
            throw new AssertionError("drill " + drillId + " did not finish within " + timeout, e);
        } finally {
            stubs.shutdownNow();
        }
    }
}
