package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * The way back of a provider-native restore, proven before the provider is asked: the live project dumped as a
 * pre-restore backup (held for the run), and that snapshot restored and verified on staging. The staging copy is
 * dropped at the end, unless the provider was asked and the run did not end verified: then it stays, the way
 * back ready to dump.
 */
final class WayBack {
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    private final String restoreId;
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private final DatabaseActivities sandboxes =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private String snapshotId = "";
    private Instant snapshotAt = Instant.EPOCH;
    private SandboxRequest staging;
    private boolean keepStaging;

    WayBack(IncidentLog incident, EmergencyRestoreRequest request, String restoreId) {
        this.incident = incident;
        this.request = request;
        this.restoreId = restoreId;
    }

    String snapshotId() {
        return snapshotId;
    }

    /** The live project dumped as a pre-restore backup (a BackupWorkflow child), held for this run. */
    String snapshot() {
        RestoreSettings s = request.settings();
        BackupResult r = Workflow.newChildWorkflowStub(
                        BackupWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(WorkflowIds.snapshot(restoreId))
                                .setStaticSummary("Pre-restore snapshot of '" + request.targetProfile() + "'")
                                .build())
                .run(new BackupRequest(
                        request.targetProfile(),
                        BackupRequest.PRE_RESTORE,
                        request.requestedBy(),
                        new BackupSettings(s.jobs(), s.retentionDays())));
        if (r.status() != BackupStatus.COMPLETED) {
            throw FailureType.BACKUP_FAILED.permanent("unable to snapshot '" + request.targetProfile()
                    + "' before its restore: " + r.failureReason() + "; nothing was requested, production untouched");
        }
        snapshotAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        catalog.holdBackup(new HoldRequest(r.backupId(), restoreId));
        snapshotId = r.backupId();
        incident.snapshot(snapshotId);
        incident.event("snapshot", "the live project dumped as pre-restore backup " + snapshotId);
        return snapshotId;
    }

    /** The snapshot restored and verified on staging, kept there while the run lasts. */
    RestoreAndVerifyResult stage() {
        RestoreSettings s = request.settings();
        String childId = WorkflowIds.staging(restoreId, 1);
        RestoreAndVerifyResult r = Workflow.newChildWorkflowStub(
                        RestoreAndVerifyWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(childId)
                                .setStaticSummary("Staging restore of pre-restore snapshot " + snapshotId)
                                .build())
                .run(new RestoreAndVerifyRequest(
                        new BackupRef(request.targetProfile(), snapshotId),
                        s.stagingProfile(),
                        "staging",
                        true,
                        s.jobs(),
                        ""));
        incident.attempt(new BackupCandidate(snapshotId, request.targetProfile(), snapshotAt), r);
        if (r.verdict() == Verdict.PASS) {
            staging = new SandboxRequest(s.stagingProfile(), r.database(), childId);
        }
        return r;
    }

    /** What to tell the operator: the snapshot and where it was verified. */
    String describe() {
        return snapshotId.isEmpty()
                ? "(none: the snapshot was not taken)"
                : snapshotId + (staging == null ? "" : ", verified on staging as " + staging.database())
                        + " (docs/RUNBOOK.md, section 1c)";
    }

    /** The provider was asked and the run does not end verified: the staging copy stays. */
    void keep() {
        keepStaging = true;
    }

    private boolean cleaned;

    /**
     * Run end, whatever the outcome: the staging copy dropped or kept, the snapshot's hold released. Once: a second
     * call (the run's failure path after a cleanup that failed part way) does nothing, and neither part's failure
     * escapes — each is a warning in the incident, so the record is always written.
     */
    void cleanUp() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        Workflow.newDetachedCancellationScope(() -> {
                    if (staging != null && keepStaging) {
                        incident.event(
                                "staging",
                                "kept " + staging.database() + " on '" + staging.targetProfile()
                                        + "' (the verified snapshot, the way back); pgdrill cleanup lists it");
                    } else if (staging != null) {
                        try {
                            sandboxes.dropSandbox(staging);
                        } catch (TemporalFailure e) {
                            incident.event(
                                    "warning",
                                    "staging database " + staging.database() + " not dropped: "
                                            + Failures.rootMessage(e) + " (pgdrill cleanup lists it)");
                        }
                    }
                    if (!snapshotId.isEmpty()) {
                        try {
                            catalog.releaseBackup(new HoldRequest(snapshotId, restoreId));
                        } catch (TemporalFailure e) {
                            incident.event(
                                    "warning",
                                    "the hold on snapshot " + snapshotId + " was not released: "
                                            + Failures.rootMessage(e)
                                            + " (retention keeps the snapshot while held: safe, not lost)");
                        }
                    }
                })
                .run();
    }
}
