package dev.pgdrill.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** A backup repository of pg_dump directory-format backups (pgBackRest and Supabase come later). */
@ActivityInterface
public interface BackupSourceActivities {
    /**
     * pg_dump of the profile into a temporary directory, a manifest from the same snapshot, optional
     * encryption, SHA-256 of every file, then an atomic rename into place. Heartbeats with bytes written.
     * Idempotent: a retry removes a half-written attempt and starts clean; an already sealed backup is
     * returned as it is. Non-retryable failures: {@code ConfigurationError}, {@code ToolError},
     * {@code RepositoryError}, {@code DatabaseError}, {@code EncryptionError}, {@code DumpError}.
     */
    CreatedBackup createBackup(CreateBackupRequest request);

    /** Removes whatever files the backup has, sealed or temporary. Idempotent. */
    void discardBackup(BackupRef backup);

    /**
     * Applies retention: removes COMPLETED and FAILED backups older than the window, except the newest
     * completed one, those marked keep, and those a running restore or drill holds. Records each removal
     * in the catalog's prune log. Idempotent.
     */
    PruneResult prune(PruneRequest request);
}
