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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pgdrill verify} end to end: the real Temporal dev server, a worker process, the CLI, PostgreSQL. */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class VerifyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    VerifyIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @Test
    void verifiesABackupAdHocWithNoDrillRecordAndFailsByTheCheckThatCaughtIt() throws Exception {
        SampleData.createRealisticApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()), dir)
                .toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("VerifyBackupWorkflow"), Duration.ofSeconds(60));
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait", "--json");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            String backupId = JSON.readTree(backup.stdout()).get("backupId").asText();

            Pgdrill.Result pass = pgdrill.cli("verify", backupId, "--config", config, "--json");
            assertThat(pass.exitCode()).as(pass.all()).isZero();
            JsonNode r = JSON.readTree(pass.stdout());
            assertThat(r.get("workflowId").asText()).startsWith("verify-" + backupId + "-");
            assertThat(r.get("verdict").asText()).isEqualTo("PASS");
            assertThat(r.get("database").asText()).startsWith("pgdrill_verify_");
            assertThat(r.get("checks"))
                    .extracting(
                            c -> c.get("name").asText() + "=" + c.get("status").asText())
                    .contains("views=PASS", "triggers=PASS", "rls=PASS", "acls=PASS", "owners=SKIP", "amcheck=PASS");

            // The catalog's manifest says a trigger was disabled; the backup restores it enabled.
            pg.execute(
                    "pgdrill_catalog",
                    "UPDATE pgdrill.backups SET manifest = jsonb_set(manifest,"
                            + " '{schema,kinds,triggers,0,attributes,enabled}', '\"disabled\"')"
                            + " WHERE backup_id = '" + backupId + "'");
            Pgdrill.Result fail = pgdrill.cli("verify", backupId, "--config", config);
            assertThat(fail.exitCode()).as(fail.all()).isEqualTo(1);
            assertThat(fail.stdout())
                    .contains("verify " + backupId + ": FAIL")
                    .containsPattern("FAIL +triggers +public.budgets.budgets_audit: enabled=enabled");

            assertThat(pgdrill.cli("verify", "20990101T000000Z", "--config", config)
                            .exitCode())
                    .isEqualTo(2);
            assertThat(JSON.readTree(pgdrill.cli("drills", "list", "--config", config, "--json")
                            .stdout()))
                    .as("no drill recorded")
                    .isEmpty();
            assertThat(pg.pgdrillDatabases()).as("sandboxes left behind").isEmpty();
        }
    }

    @Test
    void verifiesAPgDumpFilePgdrillDidNotMakeAgainstTheLiveSourceLabelledWeaker() throws Exception {
        SampleData.createRealisticApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        String config = TestConfigs.write(
                        TestConfigs.yaml(pg, repo, temporal.address())
                                + "verification: { tables: [projects], externalSources: [production] }\n",
                        dir)
                .toString();
        assertThat(pgdrill.cli("doctor", "--config", config, "--migrate").exitCode())
                .isZero();
        Path file = dir.resolve("provider-download.dump");
        ProcessBuilder dump = new ProcessBuilder(
                        pg.binDir().resolve("pg_dump").toString(),
                        "--format=custom",
                        "--file=" + file,
                        "--host=" + PostgresCluster.HOST,
                        "--port=" + pg.port(),
                        "--username=" + PostgresCluster.SUPERUSER,
                        "app")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pg_dump.log").toFile());
        dump.environment().put("PGPASSWORD", PostgresCluster.SUPERUSER_PASSWORD);
        assertThat(dump.start().waitFor()).isZero();
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("VerifyBackupWorkflow"), Duration.ofSeconds(60));
            Pgdrill.Result r = pgdrill.cli(
                    "verify", "--file", file.toString(), "--source", "production", "--config", config, "--json");
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(JSON.readTree(r.stdout()).get("checks"))
                    .extracting(
                            c -> c.get("name").asText() + "=" + c.get("status").asText())
                    .contains(
                            "manifest=SKIP", "row_counts=SKIP", "tables_exist=PASS", "live:views=PASS", "amcheck=PASS");
            assertThat(pgdrill.cli("verify", "--file", file.toString(), "--source", "staging", "--config", config)
                            .exitCode())
                    .as("a source the configuration does not allow")
                    .isEqualTo(2);
            assertThat(pg.pgdrillDatabases()).as("sandboxes left behind").isEmpty();
        }
    }
}
