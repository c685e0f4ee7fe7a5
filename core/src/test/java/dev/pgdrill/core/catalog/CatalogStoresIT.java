package dev.pgdrill.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.DrillRecord;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.emergency.Incident;
import dev.pgdrill.workflows.emergency.IncidentOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each store reads back what it wrote, on a migrated catalog; an unmigrated one says so. */
@ExtendWith(PostgresExtension.class)
class CatalogStoresIT {
    private static final Instant T0 = Instant.parse("2026-01-17T03:00:00Z");
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private PgdrillConfig config;
    private Catalog catalog;

    CatalogStoresIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("pgdrill_catalog");
        config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        catalog = new Catalog(config.catalogProfile());
    }

    private static Manifest manifest(String backupId, Instant startedAt) {
        return new Manifest(
                Manifest.FORMAT_VERSION,
                backupId,
                "production",
                "app",
                "manual",
                "15.8",
                "pg_dump 15.8",
                startedAt,
                startedAt.plusSeconds(30),
                "directory",
                2,
                Manifest.Encryption.none(),
                List.of(
                        new Manifest.TableEntry("public", "users", 3, "c1"),
                        new Manifest.TableEntry("public", "orgs", 1, "c2")),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(new Manifest.FileEntry("toc.dat", 100, "aa"), new Manifest.FileEntry("3001.dat.gz", 200, "bb")),
                300,
                Optional.empty());
    }

    /** A reserved and completed backup started at {@code at}. */
    private String completed(Instant at, String workflowId) {
        String id = catalog.backups().reserve("production", "manual", at, workflowId);
        catalog.backups().complete(manifest(id, at));
        return id;
    }

    @Test
    void reservesOneIdPerWorkflowAndASuffixWithinTheSameSecond() {
        BackupStore backups = catalog.backups();
        assertThat(backups.reserve("production", "manual", T0, "wf-1")).isEqualTo("20260117T030000Z");
        assertThat(backups.reserve("production", "manual", T0, "wf-2")).isEqualTo("20260117T030000Z-2");
        assertThat(backups.reserve("production", "manual", T0, "wf-1")).isEqualTo("20260117T030000Z");
        BackupRow row = backups.find("20260117T030000Z-2").orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.RUNNING);
        assertThat(row.startedAt()).isEqualTo(T0);
        assertThat(row.finishedAt()).isEmpty();
        assertThat(backups.find("nope")).isEmpty();
    }

    @Test
    void completesABackupWithItsManifestAndFilesAndIsIdempotent() {
        String id = completed(T0, "wf-1");
        catalog.backups().complete(manifest(id, T0));

        BackupRow row = catalog.backups().find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(row.finishedAt()).contains(T0.plusSeconds(30));
        assertThat(row.sizeBytes()).isEqualTo(300);
        assertThat(row.tableCount()).isEqualTo(2);
        assertThat(row.encrypted()).isFalse();
        assertThat(catalog.backups().manifest(id)).contains(manifest(id, T0));
        assertThat(pg.count("pgdrill_catalog", "pgdrill.backup_files")).isEqualTo(2);

        catalog.backups().fail(id, "late");
        assertThat(catalog.backups().find(id).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
    }

    @Test
    void failsARunningBackupAndRefusesToCompleteAnUnknownOne() {
        String id = catalog.backups().reserve("production", "scheduled", T0, "wf-1");
        catalog.backups().fail(id, "pg_dump exited 1");
        BackupRow row = catalog.backups().find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.FAILED);
        assertThat(row.failureReason()).isEqualTo("pg_dump exited 1");
        assertThat(catalog.backups().manifest(id)).isEmpty();

        assertThatThrownBy(() -> catalog.backups().complete(manifest("never-reserved", T0)))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.permanent()).isFalse())
                .hasMessageContaining("record backup never-reserved as completed")
                .hasMessageContaining("is not RUNNING");
    }

    @Test
    void listsNewestFirstAndFindsCandidatesInAWindow() {
        String older = completed(T0, "wf-1");
        String newer = completed(T0.plusSeconds(60), "wf-2");
        catalog.backups().reserve("production", "manual", T0.plusSeconds(90), "wf-running");
        catalog.backups().reserve("staging", "manual", T0.plusSeconds(120), "wf-3");

        assertThat(catalog.backups().list(Optional.empty()))
                .extracting(BackupRow::profile)
                .containsExactly("staging", "production", "production", "production");
        assertThat(catalog.backups().list(Optional.of("production")))
                .extracting(BackupRow::backupId)
                .containsExactly("20260117T030130Z", newer, older);
        assertThat(catalog.backups().candidates("production", T0, T0.plusSeconds(600), true))
                .containsExactly(
                        new BackupCandidate(newer, "production", T0.plusSeconds(60)),
                        new BackupCandidate(older, "production", T0));
        assertThat(catalog.backups().candidates("production", T0.plusSeconds(1), T0.plusSeconds(60), true))
                .isEmpty();
    }

    @Test
    void keepsHoldsAndAuditsTheKeepMark() {
        String id = completed(T0, "wf-1");
        assertThat(catalog.backups().setKeep(id, true, "alice")).isTrue();
        assertThat(catalog.backups().find(id).orElseThrow().keep()).isTrue();
        assertThat(catalog.backups().setKeep(id, false, "bob")).isTrue();
        assertThat(catalog.backups().setKeep("nope", true, "alice")).isFalse();
        assertThat(catalog.audit().trail(id))
                .extracting(AuditRecord::actor, AuditRecord::action, AuditRecord::detail)
                .containsExactly(tuple("alice", "backup.keep", ""), tuple("bob", "backup.unkeep", ""));

        catalog.backups().hold(id, "drill-1");
        catalog.backups().hold(id, "drill-1");
        catalog.backups().hold(id, "restore-2");
        assertThat(catalog.backups().holds("production")).containsOnlyKeys(id);
        assertThat(catalog.backups().holds("production").get(id)).containsExactlyInAnyOrder("drill-1", "restore-2");
        assertThat(catalog.backups().holds("staging")).isEmpty();
        catalog.backups().release(id, "drill-1");
        catalog.backups().release(id, "restore-2");
        assertThat(catalog.backups().holds("production")).isEmpty();
    }

    @Test
    void recordsAPruneOnceAndReadsThePruneLogNewestFirst() {
        String first = completed(T0, "wf-1");
        String second = completed(T0.plusSeconds(60), "wf-2");
        Instant before = Instant.now().minusSeconds(60);
        catalog.backups().recordPruned("production", first, "older than 7 days", "schedule");
        catalog.backups().recordPruned("production", first, "older than 7 days", "schedule");
        catalog.backups().recordPruned("production", second, "older than 7 days", "alice");

        assertThat(catalog.backups().find(first).orElseThrow().status()).isEqualTo(BackupStatus.PRUNED);
        List<PruneLogEntry> log = catalog.backups().pruneLog("production");
        assertThat(log)
                .extracting(
                        PruneLogEntry::backupId,
                        PruneLogEntry::action,
                        PruneLogEntry::reason,
                        PruneLogEntry::requestedBy)
                .containsExactly(
                        tuple(second, "REMOVED", "older than 7 days", "alice"),
                        tuple(first, "REMOVED", "older than 7 days", "schedule"));
        assertThat(log).allSatisfy(e -> assertThat(e.at()).isAfter(before));
        assertThat(catalog.backups().pruneLog("staging")).isEmpty();
        assertThat(catalog.backups().candidates("production", T0, T0.plusSeconds(600), true))
                .isEmpty();
    }

    @Test
    void recordsADrillAndReplacesItWhenRecordedAgain() {
        DrillRecord failed = drill(Verdict.FAIL, CheckResult.fail("row_counts", "3", "2", "users differ"));
        catalog.drills().record(failed, "/repo/reports/drill-1.md");
        DrillRecord passed = drill(Verdict.PASS, CheckResult.pass("row_counts", "3", "3", ""));
        catalog.drills().record(passed, "/repo/reports/drill-1b.md");

        DrillRow row = catalog.drills().find("drill-1").orElseThrow();
        assertThat(row.verdict()).isEqualTo("PASS");
        assertThat(row.backupId()).isEqualTo("20260117T030000Z");
        assertThat(row.sourceProfile()).isEqualTo("production");
        assertThat(row.targetProfile()).isEqualTo("sandbox");
        assertThat(row.database()).isEqualTo("pgdrill_drill_1");
        assertThat(row.startedAt()).isEqualTo(T0);
        assertThat(row.finishedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(row.restoreMs()).isEqualTo(60_000);
        assertThat(row.durations().get("restore").asLong()).isEqualTo(60_000);
        assertThat(row.checks().get(0).get("status").asText()).isEqualTo("PASS");
        assertThat(row.reportPath()).isEqualTo("/repo/reports/drill-1b.md");
        assertThat(row.requestedBy()).isEqualTo("schedule");
        assertThat(catalog.drills().list()).extracting(DrillRow::drillId).containsExactly("drill-1");
        assertThat(catalog.drills().find("nope")).isEmpty();
    }

    private static DrillRecord drill(Verdict verdict, CheckResult check) {
        return new DrillRecord(
                "drill-1",
                "20260117T030000Z",
                "production",
                "sandbox",
                "pgdrill_drill_1",
                verdict,
                T0,
                T0.plusSeconds(90),
                60_000,
                Map.of("restore", 60_000L),
                List.of(check),
                "schedule");
    }

    @Test
    void recordsAnIncidentAndReplacesItWhenRecordedAgain() {
        catalog.incidents().record(incident(IncidentOutcome.FAILED), "/repo/reports/incident-wf-9.md");
        Incident restored = incident(IncidentOutcome.RESTORED);
        catalog.incidents().record(restored, "/repo/reports/incident-wf-9.md");

        IncidentRow row = catalog.incidents().find("wf-9").orElseThrow();
        assertThat(row.incident()).isEqualTo(restored);
        assertThat(row.reportPath()).isEqualTo("/repo/reports/incident-wf-9.md");
        assertThat(row.recordedAt()).isAfter(Instant.now().minusSeconds(60));
        assertThat(catalog.incidents().find("nope")).isEmpty();
    }

    @Test
    void keepsEveryRunOfOneTargetAsItsOwnIncident() {
        catalog.incidents().record(incident("wf-9@20260117T093000Z", IncidentOutcome.RESTORED), "/r/a.md");
        catalog.incidents().record(incident("wf-9@20260118T101500Z", IncidentOutcome.REJECTED), "/r/b.md");

        assertThat(catalog.incidents().list())
                .extracting(r -> r.incident().restoreId(), r -> r.incident().outcome())
                .contains(
                        tuple("wf-9@20260117T093000Z", IncidentOutcome.RESTORED),
                        tuple("wf-9@20260118T101500Z", IncidentOutcome.REJECTED));
        assertThat(catalog.incidents()
                        .find("wf-9@20260117T093000Z")
                        .orElseThrow()
                        .reportPath())
                .isEqualTo("/r/a.md");
    }

    private static Incident incident(IncidentOutcome outcome) {
        return incident("wf-9", outcome);
    }

    private static Incident incident(String restoreId, IncidentOutcome outcome) {
        Instant at = T0.plus(Duration.ofHours(2));
        return new Incident(
                "wf-9",
                restoreId,
                "production",
                at,
                "alice",
                "disk died",
                outcome,
                "20260117T030000Z",
                T0,
                Duration.ofHours(2).toMillis(),
                List.of(),
                List.of(new Incident.Decision(at.plusSeconds(60), "bob", "approved", "RESTORE PRODUCTION")),
                List.of(CheckResult.pass("row_counts", "3", "3", "")),
                "",
                "",
                List.of(new Incident.Event(at, "started", "")));
    }

    @Test
    void appendsToTheAuditTrailOldestFirst() {
        Instant before = Instant.now().minusSeconds(60);
        catalog.audit().append("alice", "restore.approved", "wf-9", "RESTORE PRODUCTION");
        catalog.audit().append("bob", "restore.refused-approval", "wf-9", "bob asked for it");
        catalog.audit().append("carol", "cleanup.drop", "other", "");

        List<AuditRecord> trail = catalog.audit().trail("wf-9");
        assertThat(trail)
                .extracting(AuditRecord::actor, AuditRecord::action, AuditRecord::subject, AuditRecord::detail)
                .containsExactly(
                        tuple("alice", "restore.approved", "wf-9", "RESTORE PRODUCTION"),
                        tuple("bob", "restore.refused-approval", "wf-9", "bob asked for it"));
        assertThat(trail).allSatisfy(r -> assertThat(r.at()).isAfter(before));
        assertThat(catalog.audit().trail("nobody")).isEmpty();
    }

    @Test
    void anUnmigratedCatalogFailsPermanentlyWithTheMigrationHint() {
        pg.createDatabase("pgdrill_catalog");
        assertThatThrownBy(() -> catalog.backups().list(Optional.empty()))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.notMigrated()).isTrue();
                    assertThat(e.permanent()).isTrue();
                })
                .hasMessageStartingWith("unable to list backups in the catalog: ")
                .hasMessageContaining("run pgdrill doctor --migrate");
        assertThatThrownBy(() -> catalog.audit().append("alice", "x", "y", "z"))
                .isInstanceOfSatisfying(
                        CatalogException.class, e -> assertThat(e.notMigrated()).isTrue());
    }
}
