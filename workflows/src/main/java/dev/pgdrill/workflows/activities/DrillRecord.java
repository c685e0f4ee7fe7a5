package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a drill found, for the catalog and the report files. */
public record DrillRecord(
        String drillId,
        String backupId,
        String sourceProfile,
        String targetProfile,
        String database,
        Verdict verdict,
        Instant startedAt,
        Instant finishedAt,
        long restoreMs,
        Map<String, Long> durationsMs,
        List<CheckResult> checks,
        String requestedBy) {}
