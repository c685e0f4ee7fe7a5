package dev.pgdrill.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Backups pgdrill did not make, taken in for one verification and let go afterwards. */
@ActivityInterface
public interface ExternalBackupActivities {
    /**
     * Records the archive in the catalog (profile {@code external}: never a drill or restore candidate, never
     * pruned by a profile's retention) with a manifest that says it has none of its own: the archive's files
     * and their SHA-256 now, and the live source's schema fingerprint when one is given and allowed
     * ({@code verification.externalSources}). The repository links to the archive; nothing is copied.
     * Non-retryable: {@code NotFound} (no readable archive at the path, or a plain SQL dump, which pg_restore
     * cannot read), {@code ConfigurationError} (a source not allowed), {@code DatabaseError}.
     */
    BackupRef importBackup(ExternalBackup backup);

    /** Removes what {@link #importBackup} put in the repository (the link, never the archive) and marks it PRUNED. Idempotent. */
    void forgetBackup(BackupRef backup);
}
