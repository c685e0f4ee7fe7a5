package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several databases end to end: {@code backup run --all} (each backup drilled right after it) then
 * {@code drill run --all}, on the real Temporal dev server with one worker process.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class FleetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FLEET = List.of("fleet_a", "fleet_b", "fleet_c");
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    FleetIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    private String config(Path repo) {
        String profile = "{ role: production, host: " + PostgresCluster.HOST + ", port: " + pg.port()
                + ", database: %s, user: postgres, password: \"${" + TestConfigs.PASSWORD_ENV + "}\" }";
        StringBuilder profiles = new StringBuilder();
        FLEET.forEach(db -> profiles.append("  ")
                .append(db)
                .append(": ")
                .append(profile.formatted(db))
                .append('\n'));
        return TestConfigs.yaml(pg, repo, temporal.address())
                        .replaceFirst("  production: [^\n]*\n", "") // the fleet's databases instead
                        .replace("databases:\n", "databases:\n" + profiles)
                        .replace(
                                "backup: { database: production,",
                                "backup: { databases: [" + String.join(", ", FLEET) + "],")
                        .replace("drill: { target: sandbox,", "drill: { target: sandbox, afterEveryBackup: true,")
                + "fleet: { maxConcurrent: 2 }\n";
    }

    @Test
    void backsUpAndDrillsEveryDatabaseEachOnItsOwnAndLeavesNothingBehind() throws Exception {
        FLEET.forEach(db -> SampleData.createSampleApp(pg, db));
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String config = TestConfigs.write(config(repo), dir).toString();
        Pgdrill.Result doctor = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("FleetWorkflow"), Duration.ofSeconds(60));

            Pgdrill.Result backups = pgdrill.cli("backup", "run", "--all", "--config", config, "--wait", "--json");
            assertThat(backups.exitCode()).as(backups.all()).isZero();
            JsonNode b = JSON.readTree(backups.stdout());
            assertThat(b.get("fleetId").asText()).startsWith("fleet-backup-");
            assertThat(b.get("failed").asInt()).isZero();
            assertThat(b.get("outcomes"))
                    .extracting(o -> o.get("profile").asText())
                    .containsExactlyElementsOf(FLEET);
            assertThat(b.get("outcomes")).allSatisfy(o -> {
                assertThat(o.get("status").asText()).isEqualTo("COMPLETED");
                // drill.afterEveryBackup: the fleet waited for each backup's own drill.
                assertThat(o.get("detail").asText()).contains("drill PASS");
                assertThat(o.get("workflowId").asText())
                        .startsWith("backup-" + o.get("profile").asText() + "-");
            });

            Pgdrill.Result drills = pgdrill.cli("drill", "run", "--all", "--latest", "--config", config, "--wait");
            assertThat(drills.exitCode()).as(drills.all()).isZero();
            assertThat(drills.stdout()).contains("3 passed, 0 failed");
            FLEET.forEach(db -> assertThat(drills.stdout()).containsPattern("ok\\s+" + db + "\\s+PASS"));

            JsonNode recorded = JSON.readTree(
                    pgdrill.cli("drills", "list", "--config", config, "--json").stdout());
            assertThat(recorded)
                    .hasSize(6)
                    .allSatisfy(d -> assertThat(d.get("verdict").asText()).isEqualTo("PASS"));
            List<String> afterBackups = new ArrayList<>();
            b.get("outcomes")
                    .forEach(o -> afterBackups.add("drill-" + o.get("profile").asText() + "-"
                            + o.get("backupId").asText()));
            assertThat(recorded)
                    .extracting(d -> d.get("drillId").asText())
                    .as("the drill after each backup is recorded under that backup")
                    .containsAll(afterBackups);
            assertThat(pg.pgdrillDatabases()).as("sandboxes left behind").isEmpty();
        }
    }
}
