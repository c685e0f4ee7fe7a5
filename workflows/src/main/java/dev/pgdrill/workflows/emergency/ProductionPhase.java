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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Production, safely: snapshot the current production, restore the approved backup into a side database
 * on the production server and verify it, switch by renames, verify production, switch back on failure.
 * Remembers what it changed so a cancellation can undo exactly that.
 */
final class ProductionPhase {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd't'HHmmss'z'").withZone(ZoneOffset.UTC);

    private final RestoreSettings settings;
    private final StepTracker steps;
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    private final String owner = Workflow.getInfo().getWorkflowId();
    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.SWITCH);
    private final VerificationActivities verification =
            Workflow.newActivityStub(VerificationActivities.class, ActivityProfiles.LONG_RUNNING);
    private EmergencyRestoreWorkflowImpl.Staged staged;
    private boolean stagingDropped;
    private String switchedPreRestore = "";

    ProductionPhase(StepTracker steps, IncidentLog incident, EmergencyRestoreRequest request) {
        this.settings = request.settings();
        this.steps = steps;
        this.incident = incident;
        this.request = request;
    }

    void staged(EmergencyRestoreWorkflowImpl.Staged s) {
        staged = s;
    }

    IncidentOutcome run() {
        String profile = request.targetProfile();
        BackupRef backup =
                new BackupRef(staged.backup().profile(), staged.backup().backupId());
        BackupResult snapshot = steps.run("snapshot", () -> Workflow.newChildWorkflowStub(
                        BackupWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(WorkflowIds.snapshot(owner))
                                .setStaticSummary("Pre-restore snapshot of '" + profile + "'")
                                .build())
                .run(new BackupRequest(
                        profile,
                        "pre-restore",
                        request.requestedBy(),
                        new BackupSettings(settings.jobs(), settings.retentionDays()))));
        incident.snapshot(snapshot.backupId());
        incident.event("snapshot", "production dumped as pre-restore backup " + snapshot.backupId());

        String prodDb = databases.databaseOf(profile);
        String suffix = Workflow.randomUUID().toString().substring(0, 8);
        String side = (prodDb + "__pgdrill_" + suffix).toLowerCase(Locale.ROOT);
        RestoreAndVerifyResult sideResult = steps.run("side_restore", () -> Workflow.newChildWorkflowStub(
                        RestoreAndVerifyWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(WorkflowIds.sideRestore(owner))
                                .setStaticSummary("Side restore of " + backup.backupId() + " next to production")
                                .build())
                .run(new RestoreAndVerifyRequest(backup, profile, "side", true, settings.jobs(), side)));
        incident.event("side_restore", side + ": " + sideResult.verdict());
        if (sideResult.verdict() != Verdict.PASS) {
            steps.skipRemaining("the side restore failed verification");
            return IncidentOutcome.SIDE_RESTORE_FAILED;
        }
        // The restored database carries the marker of its RestoreAndVerify child, the switch checks it.
        String sideOwner = WorkflowIds.sideRestore(owner);
        String preRestore =
                (prodDb + "__pre_restore_" + STAMP.format(EmergencyRestoreWorkflowImpl.now())).toLowerCase(Locale.ROOT);
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
            switchBack(WorkflowIds.sideRestore(owner));
        }
        dropStaging();
    }

    private void switchBack(String sideOwner) {
        String failed = (switchedPreRestore.replace("__pre_restore_", "__failed_restore_"));
        databases.switchBack(new SwitchBackRequest(request.targetProfile(), switchedPreRestore, failed, sideOwner));
        switchedPreRestore = "";
    }
}
