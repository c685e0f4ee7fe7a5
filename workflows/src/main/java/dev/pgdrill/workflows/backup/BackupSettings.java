package dev.pgdrill.workflows.backup;

/**
 * What a backup run decides on, copied from the configuration when the run starts (by the CLI or the
 * schedule), so the run's history explains every decision and a replay never depends on a file.
 *
 * @param jobs          pg_dump parallel jobs
 * @param retentionDays backups older than this are pruned after the run
 */
public record BackupSettings(int jobs, int retentionDays) {}
