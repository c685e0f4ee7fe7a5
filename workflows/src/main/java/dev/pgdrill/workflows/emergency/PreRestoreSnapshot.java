package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.progress.StepTracker;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * After the commit point: the set-aside old production dumped as a pre-restore backup (a {@code BackupWorkflow}
 * child). Nothing writes to it any more, so the dump is exact; a failure is a warning, never a switch back.
 */
final class PreRestoreSnapshot {
    private PreRestoreSnapshot() {}

    static void take(
            StepTracker steps,
            IncidentLog incident,
            EmergencyRestoreRequest request,
            String restoreId,
            String preRestore) {
        RestoreSettings settings = request.settings();
        try {
            BackupResult snapshot = steps.run("snapshot", () -> Workflow.newChildWorkflowStub(
                            BackupWorkflow.class,
                            ChildWorkflowOptions.newBuilder()
                                    .setWorkflowId(WorkflowIds.snapshot(restoreId))
                                    .setStaticSummary("Pre-restore snapshot of '" + request.targetProfile() + "' ("
                                            + preRestore + ")")
                                    .build())
                    .run(new BackupRequest(
                            request.targetProfile(),
                            BackupRequest.PRE_RESTORE,
                            request.requestedBy(),
                            new BackupSettings(settings.jobs(), settings.retentionDays()),
                            preRestore)));
            incident.snapshot(snapshot.backupId());
            incident.event("snapshot", preRestore + " dumped as pre-restore backup " + snapshot.backupId());
        } catch (TemporalFailure e) {
            incident.event(
                    "warning",
                    "the pre-restore snapshot failed (" + Failures.rootMessage(e) + "): " + preRestore
                            + " is kept; dump it by hand");
        }
    }
}
