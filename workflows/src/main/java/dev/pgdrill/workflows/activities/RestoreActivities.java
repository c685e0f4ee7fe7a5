package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.ActivityInterface;

/** pg_restore of repository backups. */
@ActivityInterface
public interface RestoreActivities {
    /**
     * Checks every file of the backup against the SHA-256 in the catalog (missing, truncated or changed
     * files fail), and that the encryption key opens an encrypted backup. Read-only and idempotent. For a
     * backup {@link #restoreBackup} streams, only presence and sizes here: the restore hashes every file as
     * it decodes it and returns a failing {@code backup_files} check for one that differs.
     * Returns the {@code backup_files} check; raises {@code NotFound} for an unknown backup.
     */
    CheckResult checkBackupFiles(BackupRef backup);

    /**
     * Recreates the database fresh (it must be absent or carry the owner's marker), decrypts (when
     * encrypted) into a temporary folder and runs {@code pg_restore --jobs=N} into it, heartbeating items
     * restored of the TOC's total; the temporary folder is always removed. pg_restore's own errors come
     * back as a FAIL {@code restore} check, not an exception. Idempotent: a retry starts from an empty
     * database. Raises {@code ToolError}, {@code EncryptionError}, {@code DatabaseError}, {@code OwnershipError}.
     */
    RestoreOutcome restoreBackup(RestoreBackupRequest request);
}
