package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import java.util.List;
import java.util.Map;

/**
 * The JSON contract of {@code pgdrill drill run --json}.
 *
 * @param backupId    empty when no backup was in the window
 * @param restoreMs   the measured restore time (RTO)
 * @param durations   milliseconds per step
 * @param reportPath  the Markdown report under the repository's reports/
 */
public record DrillResult(
        String drillId,
        String backupId,
        Verdict verdict,
        long restoreMs,
        Map<String, Long> durations,
        List<CheckResult> checks,
        String database,
        String reportPath) {}
