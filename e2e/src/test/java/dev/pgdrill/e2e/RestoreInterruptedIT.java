package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An emergency restore interrupted on the real Temporal dev server: cancelled while production is being
 * switched, and its worker SIGKILLed in every step that does work. Each ends in a true state: production
 * exactly as before, or restored and verified; production open; no pgdrill sandbox left.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class RestoreInterruptedIT {
    /** Three seconds of "the app" in every verification: wide enough to be interrupted in. */
    private static final String SLOW_APP = "appChecks:\n  - { name: slow, command: [sleep, \"3\"], timeout: 1m }\n";

    private final PostgresCluster pg;
    private final TemporalDevServer temporal;

    @TempDir
    Path dir;

    private EmergencyFixture f;

    RestoreInterruptedIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private boolean open(String db) throws Exception {
        try (Connection c = pg.connect("postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private void noSandboxLeft() {
        assertThat(pg.databasesLike("app\\_\\_pgdrill%"))
                .as("no side database left")
                .isEmpty();
        assertThat(pg.databasesLike("pgdrill\\_staging\\_%"))
                .as("no staging database left")
                .isEmpty();
    }

    private static List<String> steps(JsonNode incident) {
        List<String> out = new ArrayList<>();
        incident.get("timeline").forEach(e -> out.add(e.get("step").asText()));
        return out;
    }

    @Test
    void aCancellationDuringTheSwitchWaitsForItThenPutsProductionBackExactly() throws Exception {
        f = new EmergencyFixture(pg, temporal, dir, SLOW_APP);
        try (Pgdrill.WorkerProcess worker = f.worker("worker-cancel.log")) {
            f.backupThenLoseRows();
            long production = f.oid("app");
            f.start();
            f.awaitStatus(Set.of("AWAITING_APPROVAL"), Duration.ofSeconds(180));
            f.awaitStep(step -> step.equals("awaiting_approval"), Duration.ofSeconds(10));
            f.approve();
            f.awaitStep(step -> step.equals("switch") || step.equals("verify_production"), Duration.ofSeconds(120));
            f.cancel();
            JsonNode done = f.awaitStatus(Set.of("COMPLETED", "FAILED", "CANCELED"), Duration.ofSeconds(180));
            assertThat(done.get("status").asText()).isEqualTo("CANCELED");

            JsonNode incident = f.lastIncident();
            assertThat(incident.get("outcome").asText()).isEqualTo("CANCELLED");
            List<String> steps = steps(incident);
            assertThat(steps).containsSubsequence("switch", "cancelled", "switch_back");
            assertThat(steps).doesNotContain("commit", "undo");
            assertThat(f.oid("app")).as("production is its own database again").isEqualTo(production);
            assertThat(pg.count("app", "budgets"))
                    .as("as it was: the loss, not the restore")
                    .isEqualTo(37);
            assertThat(open("app")).as("production takes connections").isTrue();
            try (Connection c = pg.connect("postgres");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT coalesce(shobj_description(oid, 'pg_database'), '')"
                            + " FROM pg_database WHERE datname = 'app'")) {
                rs.next();
                assertThat(rs.getString(1)).as("no marker left on production").isEmpty();
            }
            assertThat(pg.databasesLike("app\\_\\_pre\\_restore\\_%"))
                    .as("nothing set aside")
                    .isEmpty();
            assertThat(pg.databasesLike("app\\_\\_failed\\_restore\\_%"))
                    .as("the restored copy kept for the post-mortem")
                    .hasSize(1);
            noSandboxLeft();
            assertThat(worker.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }

    /**
     * The worker SIGKILLed in each step that does work, a new one started right away each time: staging
     * (its restore, verification or app check), the side restore next to production, the switch, production's
     * verification, and the snapshot of the old production. The restore completes, exactly.
     */
    @Test
    void aWorkerSigkilledInEveryStepOfTheRestoreStillEndsRestoredAndVerified() throws Exception {
        f = new EmergencyFixture(pg, temporal, dir, SLOW_APP);
        List<String> killedIn = new ArrayList<>();
        Pgdrill.WorkerProcess worker = f.worker("worker-0.log");
        try {
            f.backupThenLoseRows();
            long production = f.oid("app");
            f.start();
            f.awaitRunning("staging", Duration.ofSeconds(60));
            Thread.sleep(1500); // inside the staging child's work
            worker = restart(worker, killedIn, "staging");
            f.awaitRunning("side_restore", Duration.ofMinutes(5));
            Thread.sleep(1500);
            worker = restart(worker, killedIn, "side_restore");
            f.awaitStatus(Set.of("AWAITING_APPROVAL"), Duration.ofMinutes(5));
            f.approve();
            f.awaitStep(step -> step.equals("switch"), Duration.ofMinutes(6));
            worker = restart(worker, killedIn, "switch");
            f.awaitStep(step -> step.equals("verify_production"), Duration.ofMinutes(3));
            Thread.sleep(1000);
            worker = restart(worker, killedIn, "verify_production");
            f.awaitStep(step -> step.equals("snapshot"), Duration.ofMinutes(5));
            worker = restart(worker, killedIn, "snapshot");
            JsonNode done = f.awaitStatus(Set.of("COMPLETED", "FAILED", "CANCELED"), Duration.ofMinutes(6));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");

            assertThat(killedIn).containsExactly("staging", "side_restore", "switch", "verify_production", "snapshot");
            JsonNode incident = f.lastIncident();
            assertThat(incident.get("outcome").asText()).isEqualTo("RESTORED");
            assertThat(steps(incident)).doesNotContain("switch_back", "undo");
            assertThat(pg.count("app", "budgets")).as("the lost rows are back").isEqualTo(47);
            assertThat(open("app")).isTrue();
            String kept = incident.get("preRestoreDatabase").asText();
            assertThat(f.oid(kept)).as("the old production kept").isEqualTo(production);
            assertThat(pg.count(kept, "budgets")).isEqualTo(37);
            assertThat(incident.get("preRestoreBackupId").asText())
                    .as("and dumped")
                    .isNotEmpty();
            assertThat(pg.databasesLike("app\\_\\_failed\\_restore\\_%")).isEmpty();
            noSandboxLeft();
        } finally {
            worker.close();
        }
    }

    /** SIGKILLs the worker in {@code step} and starts another one at once. */
    private Pgdrill.WorkerProcess restart(Pgdrill.WorkerProcess worker, List<String> killedIn, String step)
            throws Exception {
        worker.kill();
        killedIn.add(step);
        return f.worker("worker-" + killedIn.size() + ".log");
    }
}
