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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Backups end to end: the real Temporal dev server, a worker process, the CLI and PostgreSQL. */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class BackupsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private Path repo;
    private String config;

    BackupsIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        repo = Files.createDirectories(dir.resolve("repo"));
        config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()), dir)
                .toString();
        Pgdrill.Result migrated = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(migrated.exitCode()).as(migrated.all()).isZero();
    }

    private Pgdrill.WorkerProcess worker() throws Exception {
        Pgdrill.WorkerProcess w = pgdrill.worker(dir.resolve("worker.log"), "--config", config);
        w.awaitLog(l -> l.contains("serving task queue") && l.contains("BackupWorkflow"), Duration.ofSeconds(60));
        return w;
    }

    private JsonNode json(Pgdrill.Result r) throws Exception {
        return JSON.readTree(r.stdout());
    }

    @Test
    void aTriggeredScheduleAndAManualRunBothLandInTheCatalog() throws Exception {
        try (Pgdrill.WorkerProcess worker = worker()) {
            Pgdrill.Result applied = pgdrill.cli("schedules", "apply", "--config", config);
            assertThat(applied.exitCode()).as(applied.all()).isZero();
            assertThat(applied.stdout())
                    .containsAnyOf("created pgdrill-backup-production", "updated pgdrill-backup-production");
            Pgdrill.Result listed = pgdrill.cli("schedules", "list", "--config", config, "--json");
            assertThat(json(listed).get(0).get("cron").asText()).isEqualTo("0 3 * * *");
            assertThat(json(listed).get(0).get("nextRuns").get(0).asText()).endsWith("T03:00:00Z");

            Pgdrill.Result triggered = pgdrill.cli("schedules", "trigger", "backup", "--config", config);
            assertThat(triggered.exitCode()).as(triggered.all()).isZero();
            JsonNode scheduled = awaitBackup("scheduled", Duration.ofSeconds(90));
            assertThat(scheduled.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(scheduled.get("tableCount").asInt()).isEqualTo(4);

            Pgdrill.Result run = pgdrill.cli("backup", "run", "--config", config, "--wait", "--json");
            assertThat(run.exitCode()).as(run.all()).isZero();
            JsonNode result = json(run);
            assertThat(result.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(result.get("backupId").asText()).matches("\\d{8}T\\d{6}Z(-\\d+)?");
            assertThat(result.get("sizeBytes").asLong()).isPositive();
            assertThat(result.get("durationMs").asLong()).isPositive();
            assertThat(result.get("tables")).anySatisfy(t -> {
                assertThat(t.get("name").asText()).isEqualTo("projects");
                assertThat(t.get("schema").asText()).isEqualTo("public");
                assertThat(t.get("rowCount").asLong()).isEqualTo(47);
                assertThat(t.get("checksum").asText()).isNotEmpty();
            });

            String id = result.get("backupId").asText();
            Pgdrill.Result shown = pgdrill.cli("backups", "show", id, "--config", config, "--json");
            assertThat(shown.exitCode()).as(shown.all()).isZero();
            assertThat(json(shown).get("tables")).hasSize(4);
            assertThat(json(shown).get("files").size()).isPositive();
            assertThat(repo.resolve("production").resolve(id).resolve("manifest.json"))
                    .exists();

            Pgdrill.Result text = pgdrill.cli("backups", "list", "--config", config);
            assertThat(text.stdout())
                    .contains(id)
                    .contains("scheduled")
                    .contains("manual")
                    .contains("COMPLETED");
            assertThat(pgdrill.cli("backups", "keep", id, "--config", config).exitCode())
                    .isZero();
            assertThat(pgdrill.cli("backups", "list", "--config", config).stdout())
                    .contains("manual, keep");
        }
    }

    @Test
    void aFailedBackupExitsOneIsRecordedAndLeavesNoFiles() throws Exception {
        pg.execute("postgres", "DROP DATABASE IF EXISTS app WITH (FORCE)");
        try (Pgdrill.WorkerProcess worker = worker()) {
            Pgdrill.Result run = pgdrill.cli("backup", "run", "--config", config, "--wait", "--json");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            JsonNode result = json(run);
            assertThat(result.get("status").asText()).isEqualTo("FAILED");
            assertThat(result.get("failureReason").asText()).contains("database \"app\" does not exist");

            Pgdrill.Result list = pgdrill.cli("backups", "list", "--config", config, "--json");
            assertThat(json(list))
                    .singleElement()
                    .satisfies(b -> assertThat(b.get("status").asText()).isEqualTo("FAILED"));
            try (Stream<Path> files = Files.walk(repo)) {
                assertThat(files.filter(Files::isRegularFile))
                        .as("no files of a failed backup")
                        .isEmpty();
            }
            assertThat(worker.output()).doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }

    @Test
    void anUnknownProfileIsAUsageError() throws Exception {
        Pgdrill.Result r = pgdrill.cli("backup", "run", "--config", config, "--database", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown database profile 'nope'");
    }

    private JsonNode awaitBackup(String kind, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Pgdrill.Result list = pgdrill.cli("backups", "list", "--config", config, "--json");
            for (JsonNode b : json(list)) {
                if (b.get("kind").asText().equals(kind)
                        && !b.get("status").asText().equals("RUNNING")) {
                    return b;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished " + kind + " backup within " + timeout);
    }
}
