package dev.pgdrill.workflows.backup;

import java.util.List;

/**
 * What a backup run produced. Field names are the JSON contract of {@code pgdrill backup run --json}.
 *
 * @param failureReason empty unless FAILED
 * @param pruned        backups removed by retention after this one completed
 * @param warnings      problems that did not fail the backup (a prune that could not finish, say)
 * @param drill         the drill of this backup started right after it ({@code drill.afterEveryBackup})
 */
public record BackupResult(
        String backupId,
        String profile,
        String kind,
        BackupStatus status,
        long sizeBytes,
        long durationMs,
        List<TableSummary> tables,
        String failureReason,
        List<String> pruned,
        List<String> warnings,
        DrillOfBackup drill) {}
