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
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Drills end to end: the real Temporal dev server, a worker process, the CLI, PostgreSQL and pg_restore. */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class DrillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    DrillIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @Test
    void aDrillPassesThenFailsOnACorruptedBackupAndLeavesNoDatabaseBehind() throws Exception {
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String config = TestConfigs.write(
                        TestConfigs.yaml(pg, repo, temporal.address())
                                + "verification: { freshness: [ { table: projects, column: updated_at, maxAge: 2d } ] }\n",
                        dir)
                .toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("RestoreDrillWorkflow"), Duration.ofSeconds(60));
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait", "--json");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            String backupId = JSON.readTree(backup.stdout()).get("backupId").asText();

            Pgdrill.Result pass = pgdrill.cli("drill", "run", "--config", config, "--wait", "--json");
            assertThat(pass.exitCode()).as(pass.all()).isZero();
            JsonNode r = JSON.readTree(pass.stdout());
            assertThat(r.get("drillId").asText()).startsWith("drill-production-");
            assertThat(r.get("backupId").asText()).isEqualTo(backupId);
            assertThat(r.get("verdict").asText()).isEqualTo("PASS");
            assertThat(r.get("durations").has("restore_and_verify.restore")).isTrue();
            assertThat(r.get("checks"))
                    .extracting(c -> c.get("name").asText())
                    .contains("backup_files", "restore", "row_counts", "content_checksums", "freshness", "amcheck");
            assertThat(Path.of(r.get("reportPath").asText())).exists();

            // One flipped byte in the largest data file of the backup.
            Path dump = repo.resolve("production").resolve(backupId).resolve("dump");
            Path data;
            try (Stream<Path> s = Files.list(dump)) {
                data = s.filter(p -> p.getFileName().toString().matches("\\d+\\.dat.*"))
                        .max(Comparator.comparingLong(p -> p.toFile().length()))
                        .orElseThrow();
            }
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(data, bytes);

            Pgdrill.Result fail = pgdrill.cli("drill", "run", "--config", config, "--backup", backupId, "--wait");
            assertThat(fail.exitCode()).as(fail.all()).isEqualTo(1);
            assertThat(fail.stdout()).contains("FAIL").contains("backup_files").contains("SHA-256 differs");

            Pgdrill.Result list = pgdrill.cli("drills", "list", "--config", config, "--json");
            assertThat(JSON.readTree(list.stdout()))
                    .extracting(d -> d.get("verdict").asText())
                    .containsExactly("FAIL", "PASS");
            String drillId = r.get("drillId").asText();
            assertThat(pgdrill.cli("drills", "show", drillId, "--config", config)
                            .stdout())
                    .contains("PASS")
                    .contains("amcheck");
            assertThat(pg.pgdrillDatabases()).as("sandboxes left behind").isEmpty();
        }
    }
}
