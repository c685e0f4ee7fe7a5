package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.SwitchBackRequest;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Production, safely: snapshot the current production, restore the approved backup into a side database
 * on the production server and verify it, switch by renames, verify production, switch back on failure.
 * Remembers what it changed so a cancellation can undo exactly that.
 */
final class ProductionPhase {
    private final RestoreSettings settings;
    private final StepTracker steps;
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    /** This run's identity: the snapshot's and the side restore's workflow ids derive from it. */
    private final String restoreId;
    /** Every database name this run needs, planned (and checked) when it started. */
    private final DatabaseNames names;

    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.SWITCH);
    private final VerificationActivities verification =
            Workflow.newActivityStub(VerificationActivities.class, ActivityProfiles.LONG_RUNNING);
    private StagingPhase.Staged staged;
    private boolean stagingDropped;
    private String switchedPreRestore = "";

    ProductionPhase(
            StepTracker steps,
            IncidentLog incident,
            EmergencyRestoreRequest request,
            String restoreId,
            DatabaseNames names) {
        this.settings = request.settings();
        this.restoreId = restoreId;
        this.names = names;
        this.steps = steps;
        this.incident = incident;
        this.request = request;
    }

    void staged(StagingPhase.Staged s) {
        staged = s;
    }

    IncidentOutcome run() {
        String profile = request.targetProfile();
        BackupRef backup =
                new BackupRef(staged.backup().profile(), staged.backup().backupId());
        BackupResult snapshot = steps.run("snapshot", () -> Workflow.newChildWorkflowStub(
                        BackupWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(WorkflowIds.snapshot(restoreId))
                                .setStaticSummary("Pre-restore snapshot of '" + profile + "'")
                                .build())
                .run(new BackupRequest(
                        profile,
                        BackupRequest.PRE_RESTORE,
                        request.requestedBy(),
                        new BackupSettings(settings.jobs(), settings.retentionDays()))));
        incident.snapshot(snapshot.backupId());
        incident.event("snapshot", "production dumped as pre-restore backup " + snapshot.backupId());

        String prodDb = names.production();
        String side = names.side();
        RestoreAndVerifyResult sideResult = steps.run("side_restore", () -> Workflow.newChildWorkflowStub(
                        RestoreAndVerifyWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(WorkflowIds.sideRestore(restoreId))
                                .setStaticSummary("Side restore of " + backup.backupId() + " next to production")
                                .build())
                .run(new RestoreAndVerifyRequest(backup, profile, "side", true, settings.jobs(), side)));
        incident.event("side_restore", side + ": " + sideResult.verdict());
        if (sideResult.verdict() != Verdict.PASS) {
            steps.skipRemaining("the side restore failed verification");
            return IncidentOutcome.SIDE_RESTORE_FAILED;
        }
        // The restored database carries the marker of its RestoreAndVerify child, the switch checks it.
        String sideOwner = WorkflowIds.sideRestore(restoreId);
        String preRestore = names.preRestore();
        steps.run("switch", () -> {
            switchedPreRestore = preRestore; // set first: a cancellation mid-switch must try to undo it
            databases.switchProduction(new SwitchRequest(profile, side, preRestore, sideOwner));
        });
        incident.preRestoreDatabase(preRestore);
        incident.event("switch", "production is the restored backup; the old one is kept as " + preRestore);
        incident.restored(staged.backup());

        List<CheckResult> checks;
        try {
            checks = steps.run("verify_production", () -> {
                VerifyRequest v = new VerifyRequest(backup, profile, prodDb);
                List<CheckResult> all = new ArrayList<>(verification.verifyDatabase(v));
                all.addAll(verification.runAppChecks(v));
                return all;
            });
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure) {
                throw e; // a cancellation, not a verdict: the workflow undoes the switch
            }
            // Production that cannot be verified is not production: go back to what it was.
            checks = List.of(CheckResult.fail(
                    "verify_production",
                    "production verified",
                    "verification failed to run",
                    String.valueOf(
                            e.getCause() == null ? e.getMessage() : e.getCause().getMessage())));
        }
        incident.productionChecks(checks);
        if (Verdicts.of(checks) == Verdict.FAIL) {
            switchBack(sideOwner);
            incident.event("verify_production", "FAIL (" + Verdicts.failures(checks) + "): switched back");
            return IncidentOutcome.SWITCHED_BACK;
        }
        incident.event("verify_production", "PASS");
        return IncidentOutcome.RESTORED;
    }

    /** Drops the staging database kept for testing during the approval. */
    void dropStaging() {
        if (staged != null && !stagingDropped) {
            Workflow.newDetachedCancellationScope(
                            () -> databases.dropSandbox(staged.sandbox(settings.stagingProfile())))
                    .run();
            stagingDropped = true;
        }
    }

    /** After a cancellation or a failure: switch back if production was switched, and drop the staging database. */
    void undo() {
        if (!switchedPreRestore.isEmpty()) {
            switchBack(WorkflowIds.sideRestore(restoreId));
        }
        dropStaging();
    }

    private void switchBack(String sideOwner) {
        databases.switchBack(
                new SwitchBackRequest(request.targetProfile(), switchedPreRestore, names.failedRestore(), sideOwner));
        switchedPreRestore = "";
    }
}
