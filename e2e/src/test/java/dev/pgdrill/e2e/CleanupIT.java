package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgdrill cleanup} cannot hurt: on the real Temporal dev server, with a worker and CLI processes, it
 * leaves a running emergency restore's staging database alone, asks before it drops, and drops nothing when
 * it cannot ask Temporal.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class CleanupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESTORE = "emergency-restore-production";
    /** A sandbox a drill that ended long ago left behind: what cleanup is for. */
    private static final String STRAY = "pgdrill_drill_e2e00001";

    private static final String STRAY_MARKER = "pgdrill:owner=drill-production-20200101T040000Z-restore";

    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private String config;

    CleanupIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        // A restore left waiting by an earlier test would hold the workflow id and its staging database.
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.address())
                .build());
        try {
            WorkflowClient.newInstance(stubs).newUntypedWorkflowStub(RESTORE).terminate("test setup");
        } catch (RuntimeException notRunning) {
            // nothing to end
        } finally {
            stubs.shutdownNow();
        }
        List<String> ours = new ArrayList<>(pg.pgdrillDatabases());
        ours.addAll(pg.databasesLike("app\\_\\_%"));
        for (String db : ours) {
            pg.execute("postgres", "DROP DATABASE \"" + db + "\" WITH (FORCE)");
        }
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()), dir)
                .toString();
        Pgdrill.Result doctor = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
    }

    private JsonNode listed(String cfg) throws Exception {
        Pgdrill.Result r = pgdrill.cli("cleanup", "--config", cfg, "--json");
        assertThat(r.exitCode()).as(r.all()).isZero();
        return JSON.readTree(r.stdout());
    }

    private List<String> names(JsonNode listed) {
        List<String> out = new ArrayList<>();
        listed.forEach(l -> out.add(l.get("database").asText()));
        return out;
    }

    private JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        return EmergencyFixture.awaitStatus(pgdrill, config, id, Set.of(wanted), timeout);
    }

    @Test
    void aRunningRestoresStagingDatabaseIsNeitherListedNorDroppedUntilTheRestoreDropsItItself() throws Exception {
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("EmergencyRestoreWorkflow"), Duration.ofSeconds(60));
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
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
                    "cleanup must not hurt it");
            assertThat(started.exitCode()).as(started.all()).isZero();
            awaitStatus(RESTORE, "AWAITING_APPROVAL", Duration.ofSeconds(120));
            List<String> staging = pg.databasesLike("pgdrill\\_staging\\_%");
            assertThat(staging)
                    .as("the verified staging database, kept for testing")
                    .hasSize(1);
            String db = staging.get(0);

            assertThat(names(listed(config))).doesNotContain(db);
            Pgdrill.Result refused = pgdrill.cli("cleanup", "--config", config, "--drop", db, "--yes");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
            assertThat(refused.stderr())
                    .contains("refusing to drop database '" + db + "'")
                    .contains("workflow '" + RESTORE + "' is running");
            assertThat(pg.databasesLike(db))
                    .as("the restore's staging database is still there")
                    .hasSize(1);

            Pgdrill.Result rejected = pgdrill.cli(
                    "restore",
                    "reject",
                    RESTORE,
                    "--config",
                    config,
                    "--approver",
                    "bob",
                    "--reason",
                    "restored from the app's trash instead");
            assertThat(rejected.exitCode()).as(rejected.all()).isZero();
            awaitStatus(RESTORE, "COMPLETED", Duration.ofSeconds(60));
            assertThat(pg.databasesLike(db))
                    .as("the restore dropped its own staging database")
                    .isEmpty();
            assertThat(listed(config))
                    .as("nothing of the restore is left for cleanup")
                    .noneSatisfy(l -> assertThat(l.get("owner").asText()).startsWith(RESTORE));
        }
    }

    @Test
    void dropsALeftoverOnlyWhenConfirmed() throws Exception {
        pg.createDatabase(STRAY);
        pg.execute("postgres", "COMMENT ON DATABASE " + STRAY + " IS '" + STRAY_MARKER + "'");
        assertThat(listed(config)).anySatisfy(l -> {
            assertThat(l.get("database").asText()).isEqualTo(STRAY);
            assertThat(l.get("ownerState").asText()).isEqualTo("ENDED");
        });

        Pgdrill.Result unconfirmed = pgdrill.cli("cleanup", "--config", config, "--drop", STRAY); // stdin: /dev/null
        assertThat(unconfirmed.exitCode()).as(unconfirmed.all()).isEqualTo(2);
        assertThat(unconfirmed.stderr()).contains("no confirmation").contains("--yes");
        assertThat(pg.databasesLike(STRAY)).hasSize(1);

        Pgdrill.Result dropped = pgdrill.cli("cleanup", "--config", config, "--drop", STRAY, "--yes", "--json");
        assertThat(dropped.exitCode()).as(dropped.all()).isZero();
        assertThat(JSON.readTree(dropped.stdout()).get("dropped").asBoolean()).isTrue();
        assertThat(pg.databasesLike(STRAY)).isEmpty();
    }

    @Test
    void dropsNothingWhenTemporalCannotBeAsked() throws Exception {
        pg.createDatabase(STRAY);
        pg.execute("postgres", "COMMENT ON DATABASE " + STRAY + " IS '" + STRAY_MARKER + "'");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path down = Files.createDirectories(dir.resolve("temporal-down"));
        String cfg = TestConfigs.write(TestConfigs.yaml(pg, dir.resolve("repo"), "127.0.0.1:" + closed), down)
                .toString();

        Pgdrill.Result list = pgdrill.cli("cleanup", "--config", cfg, "--json");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.stderr()).contains("unable to ask Temporal at 127.0.0.1:" + closed);
        assertThat(JSON.readTree(list.stdout())).anySatisfy(l -> {
            assertThat(l.get("database").asText()).isEqualTo(STRAY);
            assertThat(l.get("ownerState").asText()).isEqualTo("UNKNOWN");
        });
        Pgdrill.Result refused = pgdrill.cli("cleanup", "--config", cfg, "--drop", STRAY, "--yes");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
        assertThat(refused.stderr())
                .contains("not dropping '" + STRAY + "'")
                .contains("unable to ask Temporal at 127.0.0.1:" + closed);
        assertThat(pg.databasesLike(STRAY)).hasSize(1);
    }
}
