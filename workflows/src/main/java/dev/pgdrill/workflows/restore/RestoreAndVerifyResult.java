package dev.pgdrill.workflows.restore;

import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import java.util.List;
import java.util.Map;

/**
 * @param database     the restored database's name
 * @param databaseKept whether it still exists (only after a PASS with keepDatabase)
 * @param durationsMs  per step, in step order
 * @param restoreMs    pg_restore's wall time: the measured RTO
 */
public record RestoreAndVerifyResult(
        String database,
        Verdict verdict,
        List<CheckResult> checks,
        Map<String, Long> durationsMs,
        long restoreMs,
        boolean databaseKept) {

    /** The result of a run that crashed (a step failed for good): one failed check saying why. */
    public static RestoreAndVerifyResult crashed(String why) {
        return new RestoreAndVerifyResult(
                "",
                Verdict.FAIL,
                List.of(CheckResult.fail("restore_and_verify", "restore and verification complete", "failed", why)),
                Map.of(),
                0,
                false);
    }
}
