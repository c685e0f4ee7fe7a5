package dev.pgdrill.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.backup.BackupRepository;
import dev.pgdrill.activities.backup.PgDumpBackupSource;
import dev.pgdrill.activities.backup.Retention;
import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import dev.pgdrill.workflows.backup.BackupStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class CatalogAndRetentionIT {
    private static final Instant T0 = Instant.parse("2026-01-17T03:00:00Z");
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private PgdrillConfig config;
    private Catalog catalog;

    CatalogAndRetentionIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        config = TestConfigs.parse(TestConfigs.yaml(pg, Files.createDirectories(dir.resolve("repo")), "x:1"), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        catalog = new Catalog(config.catalogProfile());
    }

    /** A real, sealed and recorded backup taken as if at {@code at}. */
    private String backupAt(Instant at, String workflowId) throws Exception {
        return backupAt(at, workflowId, "scheduled");
    }

    private String backupAt(Instant at, String workflowId, String kind) throws Exception {
        String id = catalog.backups().reserve("production", kind, at, workflowId);
        Manifest m = new PgDumpBackupSource(config, Clock.fixed(at, ZoneOffset.UTC))
                .create("production", id, kind, 2, ProgressListener.NONE);
        catalog.backups().complete(m);
        return id;
    }

    @Test
    void reservesTheStartSecondAndASuffixWhenItIsTaken() throws Exception {
        assertThat(catalog.backups().reserve("production", "manual", T0, "wf-1"))
                .isEqualTo("20260117T030000Z");
        assertThat(catalog.backups().reserve("production", "manual", T0, "wf-2"))
                .isEqualTo("20260117T030000Z-2");
        assertThat(catalog.backups().reserve("production", "manual", T0, "wf-1"))
                .as("a retry gets its own id back")
                .isEqualTo("20260117T030000Z");
        assertThat(catalog.backups().list(Optional.of("production")))
                .extracting(BackupRow::status)
                .containsOnly(BackupStatus.RUNNING);
    }

    @Test
    void recordsACompletedBackupWithItsManifestAndFiles() throws Exception {
        String id = backupAt(T0, "wf-a");
        BackupRow row = catalog.backups().find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(row.tableCount()).isEqualTo(4);
        assertThat(row.sizeBytes()).isPositive();
        assertThat(catalog.backups().manifest(id).orElseThrow().tables()).hasSize(4);

        catalog.backups().fail(id, "late failure");
        assertThat(catalog.backups().find(id).orElseThrow().status())
                .as("COMPLETED is never turned into FAILED")
                .isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void listsNewestFirst() throws Exception {
        catalog.backups().reserve("production", "manual", T0, "wf-1");
        catalog.backups().reserve("production", "manual", T0.plusSeconds(60), "wf-2");
        catalog.backups().reserve("staging", "manual", T0.plusSeconds(120), "wf-3");
        assertThat(catalog.backups().list(Optional.empty()))
                .extracting(BackupRow::backupId)
                .containsExactly("20260117T030200Z", "20260117T030100Z", "20260117T030000Z");
        assertThat(catalog.backups().list(Optional.of("production"))).hasSize(2);
    }

    @Test
    void retentionRemovesOldBackupsFilesAndAllButKeepsTheProtectedOnes() throws Exception {
        Instant now = T0.plus(Duration.ofDays(20));
        String old1 = backupAt(T0, "wf-1");
        String old2 = backupAt(T0.plus(Duration.ofDays(1)), "wf-2");
        String kept = backupAt(T0.plus(Duration.ofDays(2)), "wf-3");
        String held = backupAt(T0.plus(Duration.ofDays(3)), "wf-4");
        String recent = backupAt(now.minus(Duration.ofDays(1)), "wf-5");
        catalog.backups().setKeep(kept, true, "alice");
        catalog.backups().hold(held, "drill-42");

        BackupRepository repo = new BackupRepository(config.repository().path());
        PruneResult r = new Retention(catalog.backups(), repo)
                .apply(new PruneRequest("production", 7, now, "schedule"), ProgressListener.NONE);

        assertThat(r.removed()).extracting(PruneResult.Decision::backupId).containsExactlyInAnyOrder(old1, old2);
        assertThat(r.kept()).extracting(PruneResult.Decision::backupId).containsExactlyInAnyOrder(kept, held);
        assertThat(repo.backupDir("production", old1)).doesNotExist();
        assertThat(repo.backupDir("production", kept)).exists();
        assertThat(repo.backupDir("production", recent)).exists();
        assertThat(catalog.backups().find(old1).orElseThrow().status()).isEqualTo(BackupStatus.PRUNED);
        assertThat(catalog.backups().pruneLog("production"))
                .extracting(e -> e.backupId() + " " + e.action())
                .containsExactlyInAnyOrder(old1 + " REMOVED", old2 + " REMOVED");

        catalog.backups().release(held, "drill-42");
        PruneResult again = new Retention(catalog.backups(), repo)
                .apply(new PruneRequest("production", 7, now, "schedule"), ProgressListener.NONE);
        assertThat(again.removed()).extracting(PruneResult.Decision::backupId).containsExactly(held);
    }

    @Test
    void retentionNeverRemovesAnEmergencyRestoresHeldCandidateOrAPreRestoreSnapshot() throws Exception {
        Instant now = T0.plus(Duration.ofDays(30));
        String candidate = backupAt(T0, "wf-1");
        String snapshot = backupAt(T0.plus(Duration.ofDays(1)), "wf-2", "pre-restore");
        String old = backupAt(T0.plus(Duration.ofDays(2)), "wf-3");
        String newest = backupAt(now.minus(Duration.ofHours(1)), "wf-4");
        String restoreId = "emergency-restore-production@20260216T030000Z-0a1b2c";
        catalog.backups().hold(candidate, restoreId);

        BackupRepository repo = new BackupRepository(config.repository().path());
        PruneResult r = new Retention(catalog.backups(), repo)
                .apply(new PruneRequest("production", 7, now, "schedule"), ProgressListener.NONE);

        assertThat(r.removed()).extracting(PruneResult.Decision::backupId).containsExactly(old);
        assertThat(r.kept()).extracting(PruneResult.Decision::backupId).containsExactlyInAnyOrder(candidate, snapshot);
        assertThat(repo.backupDir("production", candidate)).exists();
        assertThat(repo.backupDir("production", snapshot)).exists();
        assertThat(catalog.backups().find(snapshot).orElseThrow().keep())
                .as("a pre-restore snapshot is kept until an operator releases it")
                .isTrue();
        assertThat(catalog.backups().candidates("production", Instant.EPOCH, now, true))
                .as("and it is never a restore candidate unless named")
                .extracting(c -> c.backupId())
                .containsExactly(newest, candidate);

        // The restore ended: its hold goes, the candidate ages out; the snapshot stays until released.
        catalog.backups().release(candidate, restoreId);
        PruneResult after = new Retention(catalog.backups(), repo)
                .apply(new PruneRequest("production", 7, now, "schedule"), ProgressListener.NONE);
        assertThat(after.removed()).extracting(PruneResult.Decision::backupId).containsExactly(candidate);
        catalog.backups().setKeep(snapshot, false, "alice");
        PruneResult released = new Retention(catalog.backups(), repo)
                .apply(new PruneRequest("production", 7, now, "schedule"), ProgressListener.NONE);
        assertThat(released.removed())
                .extracting(PruneResult.Decision::backupId)
                .containsExactly(snapshot);
    }
}
