package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Notifier;
import dev.pgdrill.workflows.notify.Severity;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * An emergency restore's milestones through the alert channels: started, awaiting approval (with the exact
 * command), reminders, approved or rejected, and how it ended. Posted without waiting (a channel's retries hold
 * up no step); the outcome waits for every notice still on its way.
 */
final class RestoreNotices {
    private final Notifier notifier;
    private final EmergencyRestoreRequest request;
    private final String workflowId;
    private final String restoreId;

    RestoreNotices(EmergencyRestoreRequest request, String restoreId) {
        this.notifier = new Notifier(request.settings().alerts());
        this.request = request;
        this.workflowId = Workflow.getInfo().getWorkflowId();
        this.restoreId = restoreId;
    }

    void started() {
        post(
                "restore_started",
                Severity.WARNING,
                "Emergency restore of '" + request.targetProfile() + "' started",
                "requested by " + request.requestedBy() + ": " + request.reason() + ". "
                        + (provider()
                                ? "A snapshot of the project is taken and verified on staging first; nothing is asked"
                                        + " of the provider before an approval."
                                : cluster()
                                        ? "The stanza is recovered to " + request.incidentTime() + " in a side cluster"
                                                + " next to production and verified; production is not touched"
                                                + " before an approval."
                                        : "Backups taken before " + request.incidentTime()
                                                + " are restored and verified on staging first; production is not"
                                                + " touched before an approval."),
                "pgdrill restore status " + workflowId + " --watch",
                List.of());
    }

    /** The exact command an approver types, the approvers, and the reject command. */
    void awaitingApproval(String backupId, ApprovalPolicy policy, boolean reminder) {
        post(
                reminder ? "approval_reminder" : "awaiting_approval",
                Severity.CRITICAL,
                (reminder ? "Still awaiting approval: " : "Awaiting approval: ") + "emergency restore of '"
                        + request.targetProfile() + "'",
                (cluster()
                                ? "set " + backupId + ", recovered to " + request.incidentTime()
                                        + ", passed verification" + " in the side cluster."
                                : "backup " + backupId + " passed verification on staging.")
                        + " Production is replaced only after an"
                        + " approver (not " + request.requestedBy() + ") types '" + policy.phrase() + "'.",
                "pgdrill restore approve " + workflowId + " --approver NAME",
                List.of(
                        "approvers: " + String.join(", ", policy.approvers()),
                        "reject: pgdrill restore reject " + workflowId + " --approver NAME --reason TEXT",
                        "no decision within " + policy.timeout().toMinutes() + " minutes: the restore ends,"
                                + " production untouched"));
    }

    void approved(Approval a) {
        post(
                "approved",
                Severity.WARNING,
                "Emergency restore of '" + request.targetProfile() + "' approved by " + a.approver(),
                provider()
                        ? "the provider now restores the project in place to " + request.incidentTime()
                                + "; the pre-restore snapshot, verified on staging, is the way back."
                        : cluster()
                                ? "production's data directory is now swapped for the verified side cluster's (the old"
                                        + " one is kept as .pre_restore)."
                                : "production is snapshotted, then replaced by the approved backup (the old one is"
                                        + " kept).",
                "pgdrill restore status " + workflowId + " --watch",
                List.of());
    }

    void rejected(Rejection r) {
        post(
                "rejected",
                Severity.WARNING,
                "Emergency restore of '" + request.targetProfile() + "' rejected by " + r.approver(),
                r.reason() + ". Production untouched.",
                "",
                List.of());
    }

    /** How the run ended; waits for every notice still being delivered. */
    void outcome(Incident i) {
        IncidentOutcome o = i.outcome();
        if (o != IncidentOutcome.REJECTED) { // rejected() told it already
            boolean restored = o == IncidentOutcome.RESTORED;
            // A restored cluster whose switch was not committed holds its WAL archiving: someone must act.
            boolean uncommitted = i.timeline().stream()
                    .anyMatch(e -> e.step().equals("warning") && e.detail().contains("was not committed"));
            boolean quiet = (restored && !uncommitted)
                    || o == IncidentOutcome.APPROVAL_EXPIRED
                    || o == IncidentOutcome.NO_CANDIDATE;
            post(
                    "restore_outcome",
                    quiet ? Severity.WARNING : Severity.CRITICAL,
                    (restored ? "Production restored" : "Emergency restore " + o) + ": '" + request.targetProfile()
                            + "'",
                    restored
                            ? "backup " + i.backupId() + " is production now (data loss window "
                                    + i.dataLossWindowMs() / 60_000 + " minutes); the old production is kept as "
                                    + i.preRestoreDatabase() + " and snapshot " + i.preRestoreBackupId()
                                    + (uncommitted
                                            ? "; the switch is NOT COMMITTED: WAL archiving stays held until an"
                                                    + " operator commits it (docs/RUNBOOK.md, 1b)"
                                            : "")
                            : outcomeText(o, i),
                    "pgdrill restores show " + restoreId,
                    i.timeline().stream()
                            .skip(Math.max(0, i.timeline().size() - 5))
                            .map(e -> e.step() + ": " + e.detail())
                            .toList());
        }
        notifier.drain();
    }

    /**
     * What a failed or cancelled run left, as its incident says: a way back that failed, or a provider that was
     * asked to restore (nothing to switch back there), is told, never covered by "switched back".
     */
    private String outcomeText(IncidentOutcome o, Incident i) {
        if (o == IncidentOutcome.CANCELLED || o == IncidentOutcome.FAILED) {
            boolean undoFailed = i.timeline().stream()
                    .anyMatch(e -> e.step().equals("undo") && e.detail().startsWith("FAILED"));
            if (undoFailed) {
                return "the restore " + (o == IncidentOutcome.CANCELLED ? "was cancelled" : "failed")
                        + " and undoing it failed too: production needs an operator now (see the runbook and the"
                        + " incident record)";
            }
            if (RestoreSettings.SUPABASE.equals(request.settings().source())) {
                return i.timeline().stream()
                        .filter(e -> e.step().equals("failure")
                                || e.step().equals("cancelled")
                                || (e.step().equals("verify_production")
                                        && e.detail().startsWith("FAIL")))
                        .reduce((a, b) -> b)
                        .map(e -> "the restore " + (o == IncidentOutcome.CANCELLED ? "was cancelled" : "failed") + ": "
                                + e.detail())
                        .orElse("the restore " + (o == IncidentOutcome.CANCELLED ? "was cancelled" : "failed")
                                + "; see the incident record for what Supabase was asked");
            }
        }
        return outcomeText(o);
    }

    private static String outcomeText(IncidentOutcome o) {
        return switch (o) {
            case SWITCHED_BACK -> "production failed verification after the switch and was switched back";
            case ALL_CANDIDATES_FAILED -> "no candidate backup passed verification on staging; production untouched";
            case SIDE_RESTORE_FAILED -> "the side restore next to production failed verification; production untouched";
            case APPROVAL_EXPIRED -> "no approver decided in time; production untouched";
            case NO_CANDIDATE -> "no backup before the incident time; production untouched";
            case CANCELLED -> "the restore was cancelled; anything switched was switched back";
            default -> "the restore failed; anything switched was switched back (see the incident record)";
        };
    }

    private void post(String kind, Severity s, String title, String message, String hint, List<String> details) {
        AlertRouting r = notifier.routing();
        if (r.noChannels()) {
            return;
        }
        notifier.post(new Notification(
                "restore:" + restoreId,
                kind,
                s,
                title,
                message,
                Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                hint,
                details,
                r.runUrl(workflowId),
                r.dashboardUrl(),
                0));
    }

    /** A pgBackRest target: recovered in a side cluster and swapped in at cluster level, no staging. */
    private boolean cluster() {
        return RestoreSettings.PGBACKREST.equals(request.settings().source());
    }

    /** A target its provider restores in place (Supabase): the notices say what happens there instead. */
    private boolean provider() {
        return RestoreSettings.SUPABASE.equals(request.settings().source());
    }
}
