package dev.pgdrill.workflows.activities;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * A profile's backup source: pgdrill's own repository of pg_dump directory-format backups (made, pruned and
 * discarded here), and the listing of whatever source the profile's {@code source.kind} names.
 */
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

    /**
     * The profile's backups as its source lists them, newest first: the catalog for pgdump, the provider's
     * API for supabase (its point-in-time window, when enabled, as one entry of type {@code pitr}). Read-only,
     * so idempotent. Non-retryable failures: {@code ConfigurationError} (unknown profile, a kind this worker
     * cannot serve), {@code SourceRejected} (the source refused: a wrong token, an unknown project);
     * {@code SourceUnavailable} (5xx, rate limited, no answer) is retried.
     */
    List<SourceBackup> listBackups(String profile);
}
