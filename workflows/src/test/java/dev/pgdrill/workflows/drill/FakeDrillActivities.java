package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.DrillRecord;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.activities.RestoreBackupRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.testing.UnusedActivities;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Hand-written fakes of everything a drill touches; they record calls and misbehave on request. */
class FakeDrillActivities extends UnusedActivities {
    /** The test's "now" when it made {@link #backups}; null: no shifting. */
    volatile Instant anchor;

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<BackupCandidate> backups = new ArrayList<>();
    volatile List<CheckResult> verifyResult = List.of(CheckResult.pass("row_counts", "109 rows", "109 rows", ""));
    volatile ApplicationFailure restoreFailure;
    volatile CheckResult filesResult = CheckResult.pass("backup_files", "5 files", "5 files match", "");
    volatile boolean restoreBlocks;
    volatile boolean createBlocks;
    volatile ApplicationFailure createFailure;
    volatile CountDownLatch createStarted = new CountDownLatch(1);
    volatile CountDownLatch restoreStarted = new CountDownLatch(1);
    volatile DrillRecord recorded;

    @Override
    public List<BackupCandidate> listCandidates(CandidatesRequest r) {
        calls.add("list " + r.profile());
        // The backups were taken relative to the test's clock; on a loaded machine the test server may skip its
        // clock ahead before the workflow asks. Answer as if they were taken relative to the workflow's clock.
        Duration drift = anchor == null ? Duration.ZERO : Duration.between(anchor, r.to().minusSeconds(1));
        return backups.stream()
                .map(b -> new BackupCandidate(
                        b.backupId(), b.profile(), b.startedAt().plus(drift.isNegative() ? Duration.ZERO : drift)))
                .filter(b -> b.profile().equals(r.profile())
                        && !b.startedAt().isBefore(r.from())
                        && b.startedAt().isBefore(r.to()))
                .sorted((a, b) -> b.startedAt().compareTo(a.startedAt()))
                .toList();
    }

    @Override
    public void holdBackup(HoldRequest r) {
        calls.add("hold " + r.backupId());
    }

    @Override
    public void releaseBackup(HoldRequest r) {
        calls.add("release " + r.backupId());
    }

    @Override
    public String recordDrill(DrillRecord r) {
        calls.add("record " + r.verdict());
        recorded = r;
        return "/repo/reports/drill-" + r.drillId() + ".md";
    }

    @Override
    public CheckResult checkBackupFiles(BackupRef b) {
        calls.add("check_files " + b.backupId());
        return filesResult;
    }

    @Override
    public RestoreOutcome restoreBackup(RestoreBackupRequest r) {
        calls.add("restore " + r.backup().backupId() + " into " + r.database());
        restoreStarted.countDown();
        while (restoreBlocks) {
            try {
                Thread.sleep(100);
                Activity.getExecutionContext().heartbeat("restoring");
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
        if (restoreFailure != null) {
            throw restoreFailure;
        }
        return new RestoreOutcome(CheckResult.pass("restore", "exit 0", "exit 0", ""), 4200, 38, 38);
    }

    @Override
    public void createSandbox(SandboxRequest r) {
        calls.add("create " + r.database());
        createStarted.countDown();
        while (createBlocks) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
        if (createFailure != null) {
            throw createFailure;
        }
        calls.add("created " + r.database());
    }

    @Override
    public void dropSandbox(SandboxRequest r) {
        calls.add("drop " + r.database());
    }

    @Override
    public List<CheckResult> verifyDatabase(VerifyRequest r) {
        calls.add("verify " + r.database());
        return verifyResult;
    }

    @Override
    public List<CheckResult> runAppChecks(VerifyRequest r) {
        calls.add("app_checks");
        return List.of();
    }

    static BackupCandidate backup(String id, Instant at) {
        return new BackupCandidate(id, "production", at);
    }
}
