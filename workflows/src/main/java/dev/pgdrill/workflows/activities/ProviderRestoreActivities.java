package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * A production database whose provider restores it in place (a Supabase project): the restore point checked
 * against the provider, one restore request, the wait until the project is healthy, and the project checked
 * after it. The access token stays in the worker's configuration.
 */
@ActivityInterface
public interface ProviderRestoreActivities {
    /**
     * What the provider can restore the project to for the incident: a point-in-time restore to the incident time
     * when PITR is enabled and the time is inside its window. Otherwise a non-retryable {@code SourceRejected} that
     * says why and names the newest COMPLETED backup before the incident (to restore in the dashboard), as does a
     * refused token (401/403) or an unknown project (404). Read-only, so idempotent;
     * {@code SourceUnavailable} (5xx, rate limited, no answer) is retried.
     */
    ProviderRestorePlan planRestore(ProviderPlanRequest request);

    /**
     * Asks the provider for the restore, at most once per {@code restoreId}: the request is written to the
     * catalog's audit trail before it is sent, and a later attempt that finds it there (a retry, a worker killed
     * mid-call) does not send it again. An answer that proves nothing started (4xx, connection refused, rate
     * limited) is recorded as not sent, so a retry may send it. Returns what happened, in words. Non-retryable
     * {@code SourceRejected}: PITR not enabled (400), target out of range (422), token (401/403), project (404).
     */
    String requestRestore(ProviderRestoreCall call);

    /**
     * Polls the project's status (heartbeating it) until it is healthy again after having left that state, and
     * returns the statuses seen. Read-only, so idempotent. {@code SourceRejected} when the restore ended in a
     * state it does not come back from (RESTORE_FAILED, …); {@code SourceUnavailable} when it is not healthy in
     * time or never left the healthy state.
     */
    List<String> awaitHealthy(String profile);

    /**
     * The restored project's database as it serves traffic: it accepts connections, and every table and validated
     * constraint of {@code reference}'s manifest (the pre-restore snapshot: the closest description of the
     * structure) is there; row counts are reported, not judged (the data is earlier). Read-only; idempotent.
     * A database that refuses connections is a failed check, not an exception (the incident must say so).
     */
    List<CheckResult> verifyProject(BackupRef reference, String profile);
}
