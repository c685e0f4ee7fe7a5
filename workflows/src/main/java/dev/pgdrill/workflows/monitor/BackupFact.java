package dev.pgdrill.workflows.monitor;

import java.time.Instant;

/**
 * A backup as the monitor sees it.
 *
 * @param status     RUNNING, COMPLETED, FAILED or PRUNED (as the catalog has it)
 * @param finishedAt {@link Instant#EPOCH} while it runs
 */
public record BackupFact(
        String backupId,
        String status,
        String kind,
        Instant startedAt,
        Instant finishedAt,
        long sizeBytes,
        String failureReason) {
    /** "No backup": the monitor's facts hold no nulls. */
    public static final BackupFact NONE = new BackupFact("", "", "", Instant.EPOCH, Instant.EPOCH, 0, "");

    public boolean exists() {
        return !backupId.isEmpty();
    }

    public boolean completed() {
        return "COMPLETED".equals(status) || "PRUNED".equals(status);
    }

    public boolean failed() {
        return "FAILED".equals(status);
    }
}
