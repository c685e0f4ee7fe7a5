package dev.pgdrill.workflows.monitor;

import java.time.Instant;
import java.util.List;

/**
 * A recorded drill as the monitor sees it.
 *
 * @param verdict      PASS or FAIL
 * @param failedChecks the names of the checks that failed the verdict
 */
public record DrillFact(
        String drillId, String backupId, String verdict, Instant startedAt, long restoreMs, List<String> failedChecks) {
    public static final DrillFact NONE = new DrillFact("", "", "", Instant.EPOCH, 0, List.of());

    public DrillFact {
        failedChecks = failedChecks == null ? List.of() : List.copyOf(failedChecks);
    }

    public boolean exists() {
        return !drillId.isEmpty();
    }

    public boolean failed() {
        return "FAIL".equals(verdict);
    }
}
