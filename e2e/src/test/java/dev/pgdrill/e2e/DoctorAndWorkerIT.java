package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class DoctorAndWorkerIT {
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private Path config;

    DoctorAndWorkerIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        config = TestConfigs.write(TestConfigs.yaml(pg, repo, temporal.address()), dir);
    }

    @Test
    void doctorPassesOnceMigratedAndSeesTheWorkerPolling() throws Exception {
        Pgdrill.Result before = pgdrill.cli("doctor", "--config", config.toString());
        assertThat(before.exitCode()).as(before.all()).isEqualTo(1);
        assertThat(before.stdout()).contains("FAIL  catalog").contains("hint: run: pgdrill doctor --migrate");

        Pgdrill.Result migrated = pgdrill.cli("doctor", "--config", config.toString(), "--migrate");
        assertThat(migrated.exitCode()).as(migrated.all()).isZero();
        assertThat(migrated.stdout())
                .contains("ok    temporal")
                .contains("ok    search attributes")
                .contains("ok    catalog")
                .contains("all 12 checks passed");

        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config.toString())) {
            worker.awaitLog(
                    l -> l.contains("pgdrill worker serving task queue 'pgdrill'") && l.contains("BackupWorkflow"),
                    Duration.ofSeconds(60));
            Pgdrill.Result json = pgdrill.cli("doctor", "--config", config.toString(), "--json");
            assertThat(json.exitCode()).as(json.all()).isZero();
            assertThat(json.stdout()).contains("\"ok\" : true").contains("poller(s) on task queue 'pgdrill'");

            assertThat(worker.terminate(Duration.ofSeconds(60)))
                    .as("exit after SIGTERM")
                    .isEqualTo(143);
            assertThat(worker.output())
                    .contains("stopping: finishing in-flight tasks")
                    .contains("stopped")
                    .doesNotContain(PostgresCluster.SUPERUSER_PASSWORD);
        }
    }

    @Test
    void doctorNamesAnUnreachableTemporalWithoutAStackTrace() throws Exception {
        Path other = TestConfigs.write(
                Files.readString(config).replace(temporal.address(), "127.0.0.1:1"),
                Files.createDirectories(dir.resolve("other")));
        Pgdrill.Result r = pgdrill.cli("doctor", "--config", other.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL  temporal").contains("unable to reach Temporal at 127.0.0.1:1");
        assertThat(r.all()).doesNotContain("\tat ").doesNotContain("Exception");

        Path unresolvable = TestConfigs.write(
                Files.readString(config).replace(temporal.address(), "temporal.invalid:7233"),
                Files.createDirectories(dir.resolve("unresolvable")));
        Pgdrill.Result r2 = pgdrill.cli("doctor", "--config", unresolvable.toString());
        assertThat(r2.exitCode()).isEqualTo(1);
        assertThat(r2.stdout())
                .contains("FAIL  temporal")
                .contains("unable to reach Temporal at temporal.invalid:7233");
        assertThat(r2.all()).doesNotContain("\tat ").doesNotContain("UnknownHostException");
    }

    @Test
    void badConfigurationExitsTwoWithTheFieldPath() throws Exception {
        Path bad = TestConfigs.write(
                Files.readString(config).replace("port: " + pg.port(), "port: abc"),
                Files.createDirectories(dir.resolve("bad")));
        Pgdrill.Result r = pgdrill.cli("doctor", "--config", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("databases.production.port: expected an integer 1-65535, got \"abc\"");
        assertThat(r.all()).doesNotContain("\tat ");

        Pgdrill.Result workerBad =
                pgdrill.cli("doctor", "--config", dir.resolve("missing.yaml").toString());
        assertThat(workerBad.exitCode()).isEqualTo(2);
        assertThat(workerBad.stderr()).contains("missing.yaml").contains("file not found");
    }

    @Test
    void workerRefusesABadConfigurationWithExitTwo() throws Exception {
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(
                dir.resolve("bad-worker.log"),
                "--config",
                dir.resolve("missing.yaml").toString())) {
            assertThat(worker.process().waitFor()).isEqualTo(2);
            assertThat(worker.output()).contains("file not found").doesNotContain("\tat ");
        }
    }
}
