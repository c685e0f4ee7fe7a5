package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the incident record as the restore goes: timeline, attempts, decisions, production checks. */
final class IncidentLog {
    private EmergencyRestoreRequest request;
    private String workflowId;
    private String restoreId;
    private final List<Incident.Event> timeline = new ArrayList<>();
    private final List<Incident.Attempt> attempts = new ArrayList<>();
    private List<Incident.Decision> decisions = List.of();
    private List<CheckResult> productionChecks = List.of();
    private BackupCandidate restored;
    private String preRestoreBackupId = "";
    private String preRestoreDatabase = "";

    void start(EmergencyRestoreRequest request, String workflowId, String restoreId) {
        this.request = request;
        this.workflowId = workflowId;
        this.restoreId = restoreId;
        event("start", "requested by " + request.requestedBy() + ": " + request.reason());
    }

    String restoreId() {
        return restoreId;
    }

    void event(String step, String detail) {
        timeline.add(new Incident.Event(Instant.ofEpochMilli(Workflow.currentTimeMillis()), step, detail));
    }

    void attempt(BackupCandidate c, RestoreAndVerifyResult r) {
        String why = Verdicts.failures(r.checks());
        attempts.add(new Incident.Attempt(
                c.backupId(), r.database(), r.verdict(), r.checks(), why.isEmpty() ? "" : "failed: " + why));
        event("staging", c.backupId() + " on staging: " + r.verdict() + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    String lastAttemptWhy() {
        return attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).why();
    }

    String attemptsSummary() {
        return String.join(
                "; ", attempts.stream().map(a -> a.backupId() + " " + a.why()).toList());
    }

    void decisions(List<Incident.Decision> d) {
        decisions = List.copyOf(d);
    }

    void restored(BackupCandidate backup) {
        restored = backup;
    }

    void snapshot(String backupId) {
        preRestoreBackupId = backupId;
    }

    void preRestoreDatabase(String name) {
        preRestoreDatabase = name;
    }

    void productionChecks(List<CheckResult> checks) {
        productionChecks = List.copyOf(checks);
    }

    Incident build(IncidentOutcome outcome) {
        event("resume", "outcome " + outcome);
        boolean switched = outcome == IncidentOutcome.RESTORED && restored != null;
        long lossMs = switched
                ? Math.max(
                        0,
                        Duration.between(restored.startedAt(), request.incidentTime())
                                .toMillis())
                : 0;
        return new Incident(
                workflowId,
                restoreId,
                request.targetProfile(),
                request.incidentTime(),
                request.requestedBy(),
                request.reason(),
                outcome,
                switched ? restored.backupId() : "",
                switched ? restored.startedAt() : Instant.EPOCH,
                lossMs,
                List.copyOf(attempts),
                decisions,
                productionChecks,
                preRestoreBackupId,
                preRestoreDatabase,
                List.copyOf(timeline));
    }
}
