package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.activities.AuditEntry;
import dev.pgdrill.workflows.activities.CatalogActivities;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Step 3: wait for a typed approval (or a rejection), reminding at the configured interval, until the
 * approval timeout. Every decision goes to the audit trail and the incident record.
 */
final class ApprovalStep {
    private static final Logger log = Workflow.getLogger(ApprovalStep.class);

    private final RestoreSettings settings;
    private final ApprovalGate gate;
    private final IncidentLog incident;
    private final CatalogActivities catalog;
    private final RestoreNotices notices;

    ApprovalStep(
            RestoreSettings settings,
            ApprovalGate gate,
            IncidentLog incident,
            CatalogActivities catalog,
            RestoreNotices notices) {
        this.settings = settings;
        this.gate = gate;
        this.incident = incident;
        this.catalog = catalog;
        this.notices = notices;
    }

    /** Waits for a decision about {@code backupId}; returns null when approved, else how the run ends. */
    IncidentOutcome await(String backupId) {
        gate.open(backupId);
        String restoreId = gate.request().restoreId();
        Workflow.setCurrentDetails("**Awaiting approval** of backup " + backupId + ": type '"
                + settings.approval().phrase() + "' (`pgdrill restore approve "
                + Workflow.getInfo().getWorkflowId()
                + " --approver NAME`)");
        notices.awaitingApproval(backupId, settings.approval(), false);
        Instant deadline = now().plus(settings.approval().timeout());
        while (!gate.decided() && now().isBefore(deadline)) {
            Duration wait = min(settings.reminderEvery(), Duration.between(now(), deadline));
            if (!Workflow.await(wait, gate::decided) && now().isBefore(deadline)) {
                incident.event(
                        "approval",
                        "reminder: still waiting for an approver ("
                                + String.join(", ", settings.approval().approvers()) + ")");
                log.warn("restore {} still awaits approval", restoreId);
                notices.awaitingApproval(backupId, settings.approval(), true);
            }
        }
        gate.close();
        gate.drainUnaudited()
                .forEach(d -> catalog.audit(new AuditEntry(d.who(), "restore." + d.action(), restoreId, d.detail())));
        incident.decisions(gate.decisions());
        if (gate.approved().isPresent()) {
            incident.event("approval", "approved by " + gate.approved().get().approver());
            notices.approved(gate.approved().get());
            return null;
        }
        if (gate.rejected().isPresent()) {
            Rejection r = gate.rejected().get();
            incident.event("approval", "rejected by " + r.approver() + ": " + r.reason());
            notices.rejected(r);
            return IncidentOutcome.REJECTED;
        }
        incident.event("approval", "no decision within " + settings.approval().timeout());
        return IncidentOutcome.APPROVAL_EXPIRED;
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
