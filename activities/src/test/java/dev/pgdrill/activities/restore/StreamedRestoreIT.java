package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.WorkDir;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.tools.PgTools;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_restore reads a zstd backup through named pipes: files it never opens (left out by a use-list) neither hang
 * the restore nor go unchecked, and no feeding thread or plaintext outlives the step.
 */
@ExtendWith(PostgresExtension.class)
class StreamedRestoreIT {
    private final PostgresCluster pg;
    private PgdrillConfig cfg;

    @TempDir
    Path dir;

    StreamedRestoreIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void app() throws Exception {
        pg.execute("postgres", "DROP DATABASE IF EXISTS app WITH (FORCE)");
        SampleData.createSampleApp(pg, "app");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        cfg = TestConfigs.withWorkDir(pg, repo, dir);
    }

    @Test
    void tableDataLeftOutOfTheRestoreNeitherHangsNorGoesUnchecked() throws Exception {
        Manifest m = backup("20260201T010000Z");
        Path backupDir = cfg.repository().path().resolve("production").resolve(m.backupId());
        assertThat(StreamedDump.applies(backupDir, m))
                .as("a zstd backup is streamed")
                .isTrue();

        RestoreOutcome healthy = restoreWithoutTableData(backupDir, m, "pgdrill_drill_stream1");
        assertThat(healthy.check().status()).as(healthy.check().toString()).isEqualTo(CheckStatus.PASS);

        Path largest = Files.list(backupDir.resolve("dump"))
                .filter(p -> p.getFileName().toString().matches("\\d+\\.dat.*"))
                .max(Comparator.comparingLong(p -> p.toFile().length()))
                .orElseThrow();
        byte[] bytes = Files.readAllBytes(largest);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(largest, bytes);
        assertThat(BackupFiles.checkBeforeRestore(backupDir, m, cfg.repository().encryptionKey(), ProgressListener.NONE)
                        .status())
                .as("same size: left to the restore, which reads every byte")
                .isEqualTo(CheckStatus.PASS);

        RestoreOutcome damaged = restoreWithoutTableData(backupDir, m, "pgdrill_drill_stream2");
        assertThat(damaged.check().name()).isEqualTo(BackupFiles.CHECK);
        assertThat(damaged.check().status()).isEqualTo(CheckStatus.FAIL);
        assertThat(damaged.check().detail())
                .contains(largest.getFileName().toString())
                .contains("SHA-256 differs");
        assertThat(WorkDir.forRoot(cfg.repository().workDir()).dir())
                .as("no pipe or plaintext left")
                .isEmptyDirectory();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                .as("no feeding thread outlives the restore")
                .doesNotContain("pgdrill-restore-feed");
    }

    @Test
    void aPgRestoreThatFailsAtOnceLeavesNoFeedWaiting() throws Exception {
        Manifest m = backup("20260201T020000Z");
        Path backupDir = cfg.repository().path().resolve("production").resolve(m.backupId());
        // no such database: pg_restore exits before it opens any pipe
        RestoreOutcome r = new PgRestore(
                        new PgTools(cfg.tools().pgBinDir()),
                        WorkDir.forRoot(cfg.repository().workDir()))
                .restore(
                        backupDir,
                        m,
                        cfg.repository().encryptionKey(),
                        cfg.profile("sandbox"),
                        "pgdrill_drill_nosuchdb",
                        2,
                        false,
                        ProgressListener.NONE);
        assertThat(r.check().name()).isEqualTo(PgRestore.CHECK);
        assertThat(r.check().status()).isEqualTo(CheckStatus.FAIL);
        assertThat(WorkDir.forRoot(cfg.repository().workDir()).dir()).isEmptyDirectory();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                .doesNotContain("pgdrill-restore-feed");
    }

    private Manifest backup(String id) throws Exception {
        return new PgDumpBackupSource(cfg, Clock.systemUTC())
                .create("production", id, "manual", 2, ProgressListener.NONE);
    }

    private RestoreOutcome restoreWithoutTableData(Path backupDir, Manifest m, String db) throws Exception {
        pg.execute("postgres", "CREATE DATABASE " + db);
        try {
            return new PgRestore(
                            new PgTools(cfg.tools().pgBinDir()),
                            WorkDir.forRoot(cfg.repository().workDir()))
                    .leavingOut(line -> line.contains(" TABLE DATA "))
                    .restore(
                            backupDir,
                            m,
                            cfg.repository().encryptionKey(),
                            cfg.profile("sandbox"),
                            db,
                            2,
                            false,
                            ProgressListener.NONE);
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }
}
