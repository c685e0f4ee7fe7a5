package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.activities.AuditEntry;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.CopyRequest;
import dev.pgdrill.workflows.activities.CreateBackupRequest;
import dev.pgdrill.workflows.activities.CreatedBackup;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.activities.ProductionCheckRequest;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import dev.pgdrill.workflows.activities.ReserveBackupRequest;
import dev.pgdrill.workflows.activities.RestoreBackupRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.testing.UnusedActivities;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/** Fakes of every activity an emergency restore calls, production included; they record every call. */
public class FakeEmergencyActivities extends UnusedActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Who held backups (the restore run ids). */
    final List<String> holders = new CopyOnWriteArrayList<>();

    public final List<BackupCandidate> backups = new ArrayList<>();
    /** Backup ids whose staging verification fails. */
    final Set<String> badBackups = ConcurrentHashMap.newKeySet();

    volatile boolean productionVerifyFails;
    volatile boolean productionVerifyBlocks;
    volatile boolean switchBackFails;
    volatile boolean switchBlocks;
    volatile boolean sideRestoreBlocks;
    volatile boolean commitFails;
    volatile boolean snapshotFails;
    volatile boolean snapshotBlocks;
    volatile boolean stagingInUse;
    volatile boolean copyVerifyFails;
    final CountDownLatch productionVerifyStarted = new CountDownLatch(1);
    final CountDownLatch switchStarted = new CountDownLatch(1);
    final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    /** Each restore's target profile and the database whose owners and grants it takes. */
    final List<String> restoredLike = new CopyOnWriteArrayList<>();

    volatile Incident incident;

    @Override
    public List<BackupCandidate> listCandidates(CandidatesRequest r) {
        return backups.stream()
                .filter(b -> b.startedAt().isBefore(r.to()))
                .sorted((a, b) -> b.startedAt().compareTo(a.startedAt()))
                .toList();
    }

    @Override
    public void holdBackup(HoldRequest r) {
        calls.add("hold " + r.backupId());
        holders.add(r.holder());
    }

    @Override
    public void releaseBackup(HoldRequest r) {
        calls.add("release " + r.backupId());
    }

    @Override
    public void audit(AuditEntry e) {
        audit.add(e);
    }

    @Override
    public String recordIncident(Incident i) {
        calls.add("incident " + i.outcome());
        incident = i;
        return "/repo/reports/incident.md";
    }

    @Override
    public CheckResult checkBackupFiles(BackupRef b) {
        return CheckResult.pass("backup_files", "", "", "");
    }

    @Override
    public void createSandbox(SandboxRequest r) {
        calls.add("create " + r.targetProfile() + " " + r.database());
    }

    @Override
    public void dropSandbox(SandboxRequest r) {
        calls.add("drop " + r.targetProfile() + " " + r.database());
    }

    @Override
    public String copySandbox(CopyRequest r) {
        calls.add("copy " + r.source() + " to " + r.database());
        return stagingInUse ? "source database \"" + r.source() + "\" is being accessed by other users" : "";
    }

    @Override
    public List<CheckResult> verifyCopy(VerifyRequest r) {
        calls.add("verify copy " + r.database() + " like " + r.like());
        return List.of(
                copyVerifyFails
                        ? CheckResult.fail("row_counts", "47 rows", "37 rows", "public.budgets")
                        : CheckResult.pass("row_counts", "47 rows", "47 rows", ""));
    }

    @Override
    public RestoreOutcome restoreBackup(RestoreBackupRequest r) {
        calls.add("restore " + r.backup().backupId() + " into " + r.targetProfile());
        restoredLike.add(r.targetProfile() + " like '" + r.like() + "'");
        if (r.targetProfile().equals("production")) {
            block(() -> sideRestoreBlocks);
        }
        return new RestoreOutcome(CheckResult.pass("restore", "", "", ""), 1000, 10, 10);
    }

    @Override
    public List<CheckResult> verifyDatabase(VerifyRequest r) {
        calls.add("verify " + r.targetProfile() + " restored " + r.backup().backupId());
        return List.of(
                badBackups.contains(r.backup().backupId())
                        ? CheckResult.fail("content_checksums", "4 equal", "1 differs", "public.budgets")
                        : CheckResult.pass("content_checksums", "4 equal", "all equal", ""));
    }

    @Override
    public List<CheckResult> verifyProduction(ProductionCheckRequest r) {
        calls.add("verify production " + r.profile() + " against " + r.setAside());
        productionVerifyStarted.countDown();
        block(() -> productionVerifyBlocks);
        return List.of(
                productionVerifyFails
                        ? CheckResult.fail("owners_and_grants", "as before the restore", "1 differ", "")
                        : CheckResult.pass("owners_and_grants", "as before the restore", "as before", ""));
    }

    @Override
    public List<CheckResult> runAppChecks(VerifyRequest r) {
        return List.of();
    }

    @Override
    public String databaseOf(String profile) {
        return "app";
    }

    @Override
    public SwitchState switchProduction(SwitchRequest r) {
        calls.add("switch " + r.side() + " -> app, old as " + r.preRestore());
        switchStarted.countDown();
        block(() -> switchBlocks);
        calls.add("switched");
        return SwitchState.SWITCHED;
    }

    @Override
    public SwitchState commitSwitch(SwitchRequest r) {
        calls.add("commit " + r.preRestore());
        if (commitFails) {
            throw ApplicationFailure.newNonRetryableFailure("connection refused", "DatabaseError");
        }
        return SwitchState.COMMITTED;
    }

    @Override
    public SwitchState switchBack(SwitchRequest r) {
        calls.add("switch back " + r.preRestore());
        if (switchBackFails) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "rename failed: database is being accessed", "DatabaseError");
        }
        return SwitchState.SWITCHED_BACK;
    }

    /** Holds the activity (heartbeating, so a cancellation reaches it) while {@code until} is true. */
    private static void block(BooleanSupplier until) {
        while (until.getAsBoolean()) {
            try {
                Thread.sleep(100);
                Activity.getExecutionContext().heartbeat("working");
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
    }

    // The pre-restore snapshot is a BackupWorkflow child.
    @Override
    public String reserveBackup(ReserveBackupRequest r) {
        calls.add("snapshot " + r.profile() + " " + r.kind());
        return "20260117T093000Z";
    }

    @Override
    public CreatedBackup createBackup(CreateBackupRequest r) {
        calls.add("dump " + r.profile() + " " + r.database());
        block(() -> snapshotBlocks);
        if (snapshotFails) {
            throw ApplicationFailure.newNonRetryableFailure("disk full", "RepositoryError");
        }
        return new CreatedBackup(r.backupId(), 100, 3, false, List.of());
    }

    @Override
    public void completeBackup(BackupRef b) {}

    @Override
    public PruneResult prune(PruneRequest r) {
        return new PruneResult(List.of(), List.of());
    }

    public static BackupCandidate backup(String id, Instant at) {
        return new BackupCandidate(id, "production", at);
    }
}
