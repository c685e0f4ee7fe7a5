package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The emergency restore end to end: real Temporal dev server, worker processes, two CLI processes, PostgreSQL. */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class EmergencyRestoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private String config;
    private Path repo;

    EmergencyRestoreIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        // A restore left waiting by an earlier test would hold the workflow id.
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            WorkflowClient.newInstance(stubs)
                    .newUntypedWorkflowStub("emergency-restore-production")
                    .terminate("test setup");
        } catch (RuntimeException notRunning) {
            // nothing to end
        } finally {
            stubs.shutdownNow();
        }
        for (String db : pg.databasesLike("app\\_\\_%")) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        repo = Files.createDirectories(dir.resolve("repo"));
        config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()), dir)
                .toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();
    }

    private Pgdrill.WorkerProcess worker(String log) throws Exception {
        Pgdrill.WorkerProcess w = pgdrill.worker(dir.resolve(log), "--config", config);
        w.awaitLog(l -> l.contains("EmergencyRestoreWorkflow"), Duration.ofSeconds(60));
        return w;
    }

    /** A backup, then rows lost in production: what the emergency restore must bring back. */
    private void backupThenLoseRows() throws Exception {
        Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait");
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        pg.execute("app", "DELETE FROM budgets WHERE id <= 10");
        assertThat(pg.count("app", "budgets")).isEqualTo(37);
    }

    private String start() throws Exception {
        Pgdrill.Result started = pgdrill.cli(
                "restore",
                "start",
                "--config",
                config,
                "--target",
                "production",
                "--requested-by",
                "carol",
                "--reason",
                "budgets deleted by a bad migration",
                "--json");
        assertThat(started.exitCode()).as(started.all()).isZero();
        return JSON.readTree(started.stdout()).get("workflowId").asText();
    }

    private JsonNode awaitStatus(String id, Set<String> steps, Duration timeout) throws Exception {
        return EmergencyFixture.awaitStatus(pgdrill, config, id, steps, timeout);
    }

    @Test
    void restoresLostRowsAfterAnApprovalFromASecondCliAndKeepsTheOldProduction() throws Exception {
        try (Pgdrill.WorkerProcess worker = worker("worker.log")) {
            backupThenLoseRows();
            String id = start();
            assertThat(id).isEqualTo("emergency-restore-production");
            Pgdrill.Result again = pgdrill.cli(
                    "restore",
                    "start",
                    "--config",
                    config,
                    "--target",
                    "production",
                    "--requested-by",
                    "dave",
                    "--reason",
                    "me too");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).contains("already running: emergency-restore-production");

            JsonNode waiting = awaitStatus(id, Set.of("AWAITING_APPROVAL"), Duration.ofSeconds(120));
            assertThat(waiting.get("status").asText()).isEqualTo("RUNNING");
            Pgdrill.Result refused = pgdrill.cli(
                    "restore",
                    "approve",
                    id,
                    "--config",
                    config,
                    "--approver",
                    "carol",
                    "--phrase",
                    "RESTORE PRODUCTION");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("approval refused").contains("not an approver");
            Pgdrill.Result approved = pgdrill.cli(
                    "restore",
                    "approve",
                    id,
                    "--config",
                    config,
                    "--approver",
                    "bob",
                    "--phrase",
                    "RESTORE PRODUCTION",
                    "--comment",
                    "staging looks right");
            assertThat(approved.exitCode()).as(approved.all()).isZero();

            JsonNode done = awaitStatus(id, Set.of("COMPLETED", "FAILED"), Duration.ofSeconds(180));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(pg.count("app", "budgets")).as("the lost rows are back").isEqualTo(47);
            List<String> kept = pg.databasesLike("app\\_\\_pre\\_restore\\_%");
            assertThat(kept).as("the replaced production is kept").hasSize(1);
            assertThat(pg.count(kept.get(0), "budgets"))
                    .as("with the rows written before the restore")
                    .isEqualTo(37);
            assertThat(pg.databasesLike("pgdrill\\_staging%")).isEmpty();
            assertThat(pg.databasesLike("app\\_\\_pgdrill%")).isEmpty();
            JsonNode backups = JSON.readTree(
                    pgdrill.cli("backups", "list", "--config", config, "--json").stdout());
            assertThat(backups).anySatisfy(b -> {
                assertThat(b.get("kind").asText()).isEqualTo("pre-restore");
                assertThat(b.get("status").asText()).isEqualTo("COMPLETED");
            });
            try (var reports = Files.list(repo.resolve("reports"))) {
                // One report per run: the run's restore id (emergency-restore-production@<stamp>) names it.
                assertThat(reports.map(p -> p.getFileName().toString()))
                        .anyMatch(n ->
                                n.matches("incident-emergency-restore-production_\\d{8}T\\d{6}Z-[0-9a-f]{6}\\.md"));
            }
            assertThat(auditActions(id)).contains("restore.refused-approval", "restore.approved");

            Pgdrill.Result leftovers = pgdrill.cli("cleanup", "--config", config);
            assertThat(leftovers.stdout())
                    .contains(kept.get(0))
                    .contains("pre-restore")
                    .doesNotContain("app ");
            assertThat(pgdrill.cli("cleanup", "--config", config, "--drop", "app")
                            .exitCode())
                    .as("live production is never dropped")
                    .isEqualTo(2);
            assertThat(pgdrill.cli("cleanup", "--config", config, "--drop", kept.get(0), "--yes")
                            .exitCode())
                    .isZero();
            assertThat(pg.databasesLike("app\\_\\_pre\\_restore\\_%")).isEmpty();
            assertThat(worker.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }

    @Test
    void twoRestoresOfOneTargetInARowEachRestoreProductionExactly() throws Exception {
        try (Pgdrill.WorkerProcess worker = worker("worker-twice.log")) {
            backupThenLoseRows();
            String id = restoreAndApprove();
            assertThat(pg.count("app", "budgets")).as("first restore").isEqualTo(47);

            // Life goes on: a new row, a new backup, a new loss; the second restore must bring back exactly that.
            pg.execute(
                    "app",
                    "WITH p AS (INSERT INTO projects (organization_id, owner_id, name, status, created_at,"
                            + " updated_at) VALUES (1, 1, 'Project after the first restore', 'active', now(), now()) RETURNING id)"
                            + " INSERT INTO budgets (project_id, amount_eur, approved, updated_at) SELECT id, 4242, true, now() FROM p");
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            pg.execute("app", "DELETE FROM budgets WHERE id <= 30");
            assertThat(restoreWaitingWithApprovalWhenAsked()).isEqualTo(id);
            assertThat(pg.count("app", "budgets"))
                    .as("second restore, with the row written after the first")
                    .isEqualTo(48);
            assertThat(pg.databasesLike("app\\_\\_pre\\_restore\\_%"))
                    .as("both replaced productions kept")
                    .hasSize(2);

            JsonNode restores = JSON.readTree(pgdrill.cli("restores", "list", "--config", config, "--json")
                    .stdout());
            assertThat(restores).hasSize(2);
            assertThat(restores)
                    .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("RESTORED"));
            assertThat(restores.get(0).get("restoreId").asText())
                    .isNotEqualTo(restores.get(1).get("restoreId").asText());
            try (var reports = Files.list(repo.resolve("reports"))) {
                assertThat(reports.filter(p -> p.getFileName().toString().matches("incident-.*\\.md")))
                        .hasSize(2);
            }
            assertThat(pg.databasesLike("pgdrill\\_staging%")).isEmpty();
            assertThat(pg.databasesLike("app\\_\\_pgdrill%")).isEmpty();
        }
    }

    /** Starts a restore of production, approves it as bob once it waits, and waits until it completed. */
    private String restoreAndApprove() throws Exception {
        String id = start();
        awaitStatus(id, Set.of("AWAITING_APPROVAL"), Duration.ofSeconds(120));
        Pgdrill.Result approved = pgdrill.cli(
                "restore", "approve", id, "--config", config, "--approver", "bob", "--phrase", "RESTORE PRODUCTION");
        assertThat(approved.exitCode()).as(approved.all()).isZero();
        JsonNode done = awaitStatus(id, Set.of("COMPLETED", "FAILED"), Duration.ofSeconds(180));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        return id;
    }

    /**
     * The same as an operator who has decided to approve: {@code restore start --wait}, and beside it (started first,
     * while only the previous run under the id exists, which ended) {@code restore approve --when-asked}.
     */
    private String restoreWaitingWithApprovalWhenAsked() throws Exception {
        CompletableFuture<Pgdrill.Result> approval = CompletableFuture.supplyAsync(() -> {
            try {
                return pgdrill.cli(
                        "restore",
                        "approve",
                        "emergency-restore-production",
                        "--config",
                        config,
                        "--approver",
                        "bob",
                        "--phrase",
                        "RESTORE PRODUCTION",
                        "--when-asked",
                        "--json");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Pgdrill.Result started = pgdrill.cli(
                "restore",
                "start",
                "--config",
                config,
                "--target",
                "production",
                "--requested-by",
                "carol",
                "--reason",
                "budgets deleted again",
                "--wait",
                "--json");
        assertThat(started.exitCode()).as(started.all()).isZero();
        JsonNode end = JSON.readTree(started.stdout());
        assertThat(end.get("outcome").asText()).as(started.stdout()).isEqualTo("RESTORED");
        assertThat(end.get("preRestoreDatabase").asText()).startsWith("app__pre_restore_");
        Pgdrill.Result approved = approval.get(1, TimeUnit.MINUTES);
        assertThat(approved.exitCode()).as(approved.all()).isZero();
        assertThat(JSON.readTree(approved.stdout()).get("result").asText()).isEqualTo("approved by bob");
        return end.get("workflowId").asText();
    }

    @Test
    void aWorkerKilledDuringTheProductionPhaseRecoversAndLeavesNoExtraDatabases() throws Exception {
        String id;
        Pgdrill.WorkerProcess first = worker("worker-1.log");
        try {
            backupThenLoseRows();
            id = start();
            awaitStatus(id, Set.of("AWAITING_APPROVAL"), Duration.ofSeconds(120));
            assertThat(pgdrill.cli(
                                    "restore",
                                    "approve",
                                    id,
                                    "--config",
                                    config,
                                    "--approver",
                                    "alice",
                                    "--phrase",
                                    "RESTORE PRODUCTION")
                            .exitCode())
                    .isZero();
            awaitProductionPhaseAndKill(first, id);
        } finally {
            first.close();
        }
        try (Pgdrill.WorkerProcess second = worker("worker-2.log")) {
            JsonNode done = awaitStatus(id, Set.of("COMPLETED", "FAILED"), Duration.ofMinutes(6));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(pg.count("app", "budgets")).isEqualTo(47);
            assertThat(pg.databasesLike("app\\_\\_pre\\_restore\\_%")).hasSize(1);
            assertThat(pg.databasesLike("pgdrill\\_staging%")).isEmpty();
            assertThat(pg.databasesLike("app\\_\\_pgdrill%")).isEmpty();
        }
    }

    /** Polls the workflow's progress query directly (faster than a CLI process) and SIGKILLs the worker. */
    private void awaitProductionPhaseAndKill(Pgdrill.WorkerProcess worker, String id) throws Exception {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            EmergencyRestoreWorkflow wf = WorkflowClient.newInstance(
                            stubs, WorkflowClientOptions.newBuilder().build())
                    .newWorkflowStub(EmergencyRestoreWorkflow.class, id);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                String step = wf.progress().current();
                if (Set.of("snapshot", "side_restore", "switch", "verify_production")
                        .contains(step)) {
                    worker.kill();
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("never saw the production phase: " + wf.progress());
        } finally {
            stubs.shutdownNow();
        }
    }

    /** The audit trail of a workflow's runs: decisions are recorded under each run's restore id (id@stamp-hex). */
    private List<String> auditActions(String subject) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect("pgdrill_catalog");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT action FROM pgdrill.audit_log WHERE subject = '" + subject
                        + "' OR subject LIKE '" + subject + "@%' ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
