package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.emergency.Incident;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The catalog (schema {@code pgdrill}): the record of backups that the CLI and dashboard read. */
@ActivityInterface
public interface CatalogActivities {
    /**
     * Records a RUNNING backup and returns its id: the UTC start time ({@code 20260117T030000Z}), with a
     * suffix ({@code -2}, ...) when that second is taken. Idempotent: a retry with the same workflow id
     * returns the id reserved before. Raises {@code ConfigurationError} for an unknown profile.
     */
    String reserveBackup(ReserveBackupRequest request);

    /**
     * Marks the backup COMPLETED, storing its manifest and file checksums as read from the repository.
     * Idempotent. Raises {@code NotFound} if the sealed backup is not in the repository.
     */
    void completeBackup(BackupRef backup);

    /** Marks the backup FAILED with its reason. Idempotent; never turns a COMPLETED backup into FAILED. */
    void failBackup(FailBackupRequest request);

    /** COMPLETED backups in the window, newest first. Read-only. */
    List<BackupCandidate> listCandidates(CandidatesRequest request);

    /** Holds a backup against retention. Idempotent. */
    void holdBackup(HoldRequest request);

    /** Releases a hold. Idempotent. */
    void releaseBackup(HoldRequest request);

    /**
     * Records a drill in the catalog and writes its report (Markdown and JSON) under the repository's
     * {@code reports/}; returns the Markdown report's path. Idempotent (same drill id overwrites).
     */
    String recordDrill(DrillRecord record);

    /** Appends to the audit trail (approvals, rejections, ignored signals). */
    void audit(AuditEntry entry);

    /** Records an emergency restore's incident in the catalog and as reports; returns the Markdown path. Idempotent. */
    String recordIncident(Incident incident);
}
