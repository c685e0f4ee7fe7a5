package dev.pgdrill.workflows.verify;

import java.util.List;
import java.util.Map;

/**
 * The JSON contract of {@code pgdrill verify BACKUP_ID --json}.
 *
 * @param restoreMs the measured restore time
 * @param durations milliseconds per step
 * @param database  the sandbox it was restored into (dropped since)
 */
public record VerifyBackupResult(
        String workflowId,
        String backupId,
        Verdict verdict,
        long restoreMs,
        Map<String, Long> durations,
        List<CheckResult> checks,
        String database) {}
