package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Physical backups of a pgBackRest stanza: listed, verified in the repository, restored into an ephemeral
 * cluster in the worker's work folder, verified there and removed. The profile's source must be a
 * pgBackRest stanza ({@code ConfigurationError} otherwise).
 */
@ActivityInterface
public interface PhysicalRestoreActivities {
    /**
     * The stanza's sets, newest first ({@code pgbackrest info --output=json}). Read-only, idempotent. A
     * stanza whose status is not ok raises {@code ConfigurationError} (missing stanza, missing data) or
     * {@code RepositoryError} (mixed or mismatched repositories), naming pgBackRest's status code.
     */
    List<SourceBackup> listPhysicalSets(String profile);

    /**
     * {@code pgbackrest verify} of the repository, its text and log read (never its exit code alone):
     * {@code pgbackrest_verify}, {@code backup_wal}, {@code wal_continuity} (critical for a point-in-time
     * restore). Read-only, idempotent. Findings are data; raises {@code ToolError} when pgbackrest cannot run.
     */
    List<CheckResult> verifyPhysicalSet(PhysicalRestoreRequest request);

    /**
     * Restores the set into a fresh ephemeral cluster ({@code --type=immediate}, or {@code --type=time} to the
     * request's target, promoted, archiving off, tablespaces mapped inside its folder), starts it on a free
     * loopback port and waits until recovery has ended, heartbeating. Idempotent: a cluster of the same name
     * left by an earlier attempt is stopped and removed first. A failed restore or start comes back as a FAIL
     * check, the cluster's folder left for {@link #dropCluster}.
     */
    ClusterOutcome restoreCluster(PhysicalRestoreRequest request);

    /**
     * The verification suite on the cluster's copy of the profile's database, as for a backup pgdrill did
     * not make: the configuration's expectations (tables, minimum rows, freshness, assertions), every
     * constraint valid, foreign keys and sequences, amcheck. Read-only on production; idempotent.
     */
    List<CheckResult> verifyCluster(PhysicalRestoreRequest request);

    /**
     * {@code pgbackrest backup --type=T} of the profile's stanza, heartbeating, then the new set recorded in
     * the catalog under the reserved id (COMPLETED; its manifest's format names the set:
     * {@code pgbackrest:<label>}). Returns the set. Not idempotent: a retry after pgBackRest finished takes
     * another set (pgBackRest resumes an interrupted one). Raises {@code BackupFailed} when pgbackrest fails.
     */
    SourceBackup backupStanza(PhysicalBackupRequest request);

    /** Stops the cluster's server and removes its folder, only if pgdrill's marker names it. Idempotent. */
    void dropCluster(PhysicalRestoreRequest request);
}
