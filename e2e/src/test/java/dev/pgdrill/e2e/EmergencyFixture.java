package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.progress.StepStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An emergency restore of the sample app's production on the real Temporal dev server, driven through the
 * CLI as an operator would, with a Temporal client for what the CLI does not do (a fast progress poll, a
 * cancellation). One per test.
 */
final class EmergencyFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "emergency-restore-production";

    final PostgresCluster pg;
    final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());
    final Path dir;
    final Path repo;
    final String config;
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;

    EmergencyFixture(PostgresCluster pg, TemporalDevServer temporal, Path dir) throws Exception {
        this(pg, temporal, dir, "");
    }

    /** @param extraYaml appended to the test configuration (app checks, verification rules) */
    EmergencyFixture(PostgresCluster pg, TemporalDevServer temporal, Path dir, String extraYaml) throws Exception {
        this.pg = pg;
        this.dir = dir;
        this.stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        this.client = WorkflowClient.newInstance(stubs);
        try {
            client.newUntypedWorkflowStub(ID).terminate("test setup"); // a run an earlier test left
        } catch (RuntimeException notRunning) {
            // nothing to end
        }
        for (String db : pg.databasesLike("app\\_\\_%")) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        repo = Files.createDirectories(dir.resolve("repo"));
        config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()) + extraYaml, dir)
                .toString();
        Pgdrill.Result doctor = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
    }

    Pgdrill.WorkerProcess worker(String log) throws Exception {
        Pgdrill.WorkerProcess w = pgdrill.worker(dir.resolve(log), "--config", config);
        w.awaitLog(l -> l.contains("EmergencyRestoreWorkflow"), Duration.ofSeconds(60));
        return w;
    }

    /** A backup, then rows lost in production (47 budgets, 37 left): what the restore must bring back. */
    void backupThenLoseRows() throws Exception {
        Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait");
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        pg.execute("app", "DELETE FROM budgets WHERE id <= 10");
        assertThat(pg.count("app", "budgets")).isEqualTo(37);
    }

    String start() throws Exception {
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

    void approve() throws Exception {
        Pgdrill.Result approved = pgdrill.cli(
                "restore", "approve", ID, "--config", config, "--approver", "bob", "--phrase", "RESTORE PRODUCTION");
        assertThat(approved.exitCode()).as(approved.all()).isZero();
    }

    /** Polls {@code restore status} (the CLI) until the step or status is one of {@code states}. */
    JsonNode awaitStatus(Set<String> states, Duration timeout) throws Exception {
        return awaitStatus(pgdrill, config, ID, states, timeout);
    }

    /** Polls {@code restore status ID} (the CLI) until the step or status is one of {@code states}. */
    static JsonNode awaitStatus(Pgdrill pgdrill, String config, String id, Set<String> states, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            Pgdrill.Result r = pgdrill.cli("restore", "status", id, "--config", config, "--json");
            // exit 1 is a restore that ended without restoring production: its JSON is still the status
            if (r.exitCode() <= 1 && r.stdout().contains("\"workflowId\"")) {
                s = JSON.readTree(r.stdout());
                if (states.contains(s.get("step").asText())
                        || states.contains(s.get("status").asText())) {
                    return s;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("restore " + id + " did not reach " + states + " within " + timeout + "; last: " + s);
    }

    /** Polls the progress query directly (20 ms, faster than a CLI process) until a step matches. */
    String awaitStep(Predicate<String> step, Duration timeout) throws Exception {
        EmergencyRestoreWorkflow wf = client.newWorkflowStub(EmergencyRestoreWorkflow.class, ID);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String current = wf.progress().current();
            if (step.test(current)) {
                return current;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never saw the step: " + wf.progress());
    }

    /** Polls the progress query (20 ms) until step {@code name} is RUNNING. */
    void awaitRunning(String name, Duration timeout) throws Exception {
        EmergencyRestoreWorkflow wf = client.newWorkflowStub(EmergencyRestoreWorkflow.class, ID);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (wf.progress().steps().stream()
                    .anyMatch(s -> s.name().equals(name) && s.status() == StepStatus.RUNNING)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("step " + name + " never ran: " + wf.progress());
    }

    void cancel() {
        WorkflowStub.fromTyped(client.newWorkflowStub(EmergencyRestoreWorkflow.class, ID))
                .cancel();
    }

    /** The last incident record (restores list --json), newest first. */
    JsonNode lastIncident() throws Exception {
        Pgdrill.Result r = pgdrill.cli("restores", "list", "--config", config, "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode all = JSON.readTree(r.stdout());
        assertThat(all).isNotEmpty();
        return all.get(0);
    }

    long oid(String database) throws SQLException {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        stubs.shutdownNow();
    }
}
