package dev.pgdrill.workflows.backup;

/** A backup's life: only COMPLETED backups are restore candidates. */
public enum BackupStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    PRUNED
}
