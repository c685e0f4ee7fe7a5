package dev.pgdrill.workflows.backup;

import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CreateBackupRequest;
import dev.pgdrill.workflows.activities.CreatedBackup;
import dev.pgdrill.workflows.activities.FailBackupRequest;
import dev.pgdrill.workflows.activities.PhysicalBackupRequest;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import dev.pgdrill.workflows.activities.ReserveBackupRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.testing.UnusedActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Hand-written fakes of the backup activities: they record calls and fail on request. */
final class FakeBackupActivities extends UnusedActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile ApplicationFailure dumpFailure;
    volatile ApplicationFailure pruneFailure;
    volatile CountDownLatch dumpStarted;
    volatile boolean dumpBlocks;
    volatile PruneRequest lastPrune;

    @Override
    public SourceBackup backupStanza(PhysicalBackupRequest r) {
        calls.add("pgbackrest backup " + r.backup().backupId() + " type=" + r.type() + " kind=" + r.kind());
        if (dumpFailure != null) {
            throw dumpFailure;
        }
        Instant at = Instant.parse("2026-01-17T03:00:00Z");
        return new SourceBackup(
                "20260117-030000F",
                r.backup().profile(),
                "pgbackrest",
                r.type(),
                "COMPLETED",
                at,
                Optional.of(at),
                8192,
                "");
    }

    @Override
    public String reserveBackup(ReserveBackupRequest r) {
        calls.add("reserve " + r.profile() + " " + r.kind());
        return "20260117T030000Z";
    }

    @Override
    public CreatedBackup createBackup(CreateBackupRequest r) {
        calls.add("create " + r.backupId() + " jobs=" + r.jobs() + " kind=" + r.kind());
        if (dumpStarted != null) {
            dumpStarted.countDown();
        }
        if (dumpBlocks) {
            // Heartbeat until the workflow cancels us, like a long pg_dump does.
            while (true) {
                try {
                    Thread.sleep(100);
                    Activity.getExecutionContext().heartbeat("dumping");
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }
        }
        if (dumpFailure != null) {
            throw dumpFailure;
        }
        return new CreatedBackup(
                r.backupId(), 4096, 7, false, List.of(new TableSummary("public", "projects", 47, "123")));
    }

    @Override
    public void completeBackup(BackupRef b) {
        calls.add("complete " + b.backupId());
    }

    @Override
    public void failBackup(FailBackupRequest r) {
        calls.add("fail " + r.backupId() + ": " + r.reason());
    }

    @Override
    public void discardBackup(BackupRef b) {
        calls.add("discard " + b.backupId());
    }

    @Override
    public PruneResult prune(PruneRequest r) {
        calls.add("prune " + r.profile() + " " + r.retentionDays());
        lastPrune = r;
        if (pruneFailure != null) {
            throw pruneFailure;
        }
        return new PruneResult(List.of(new PruneResult.Decision("20260101T030000Z", "older than 7 days")), List.of());
    }
}
