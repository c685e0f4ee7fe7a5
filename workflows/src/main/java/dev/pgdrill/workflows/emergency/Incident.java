package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * The incident record: what happened, when, who decided, and where everything is. Written to the catalog
 * and as Markdown + JSON under the repository's reports/.
 *
 * @param restoreId        this run's own identity ({@code emergency-restore-<target>@<stamp>}): the key of the
 *                         record, the owner of everything the run created
 * @param dataLossWindowMs incident time minus the restored backup's time (0 when nothing was restored)
 */
public record Incident(
        String workflowId,
        String restoreId,
        String targetProfile,
        Instant incidentTime,
        String requestedBy,
        String reason,
        IncidentOutcome outcome,
        String backupId,
        Instant backupTime,
        long dataLossWindowMs,
        List<Attempt> attempts,
        List<Decision> decisions,
        List<CheckResult> productionChecks,
        String preRestoreBackupId,
        String preRestoreDatabase,
        List<Event> timeline) {

    /** One candidate tried on staging. */
    public record Attempt(String backupId, String database, Verdict verdict, List<CheckResult> checks, String why) {}

    /** An approval, a rejection, or an ignored signal, with who, when and why. */
    public record Decision(Instant at, String who, String action, String detail) {}

    public record Event(Instant at, String step, String detail) {}
}
