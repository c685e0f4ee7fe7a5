package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.ProductionCheckRequest;
import dev.pgdrill.workflows.activities.SwitchRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Production, safely: the side database (prepared while the approval was awaited, or restored now) is
 * switched in by the switch protocol, production is verified as it serves traffic, and the switch is
 * committed; only then is the set-aside old production dumped as the pre-restore snapshot.
 *
 * <p>The switch and the switch back run in detached scopes: a cancellation never interleaves with them (it
 * is seen once the step ended, and then undone by a switch back that starts from the server's state). Once
 * production is verified (the commit point) nothing switches it back: later failures are warnings.
 */
final class ProductionPhase {
    private final RestoreSettings settings;
    private final StepTracker steps;
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    private final String restoreId;
    private final DatabaseNames names;
    private final SideRestore side;

    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.SWITCH);
    private final DatabaseActivities sandboxes =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private final VerificationActivities verification =
            Workflow.newActivityStub(VerificationActivities.class, ActivityProfiles.LONG_RUNNING);
    private StagingPhase.Staged staged;
    private boolean stagingDropped;
    private boolean switchStarted;
    private boolean committed;

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
        this.side = new SideRestore(steps, incident, request, restoreId, names);
    }

    /** Staging passed: with {@code prepareBeforeApproval}, the side restore starts now, during the approval. */
    void staged(StagingPhase.Staged s) {
        staged = s;
        if (settings.prepareBeforeApproval()) {
            side.start(s);
        }
    }

    /**
     * The database the staging restore takes owners, grants and settings from: production, when the side
     * database is a copy of the staging one; "" when the side database is restored on its own.
     */
    String stagingLike() {
        return settings.reuseStaging() ? names.production() : "";
    }

    /** Whether production was verified after the switch: from then on nothing switches it back. */
    boolean committed() {
        return committed;
    }

    IncidentOutcome run() {
        RestoreAndVerifyResult prepared = side.await(staged);
        if (prepared.verdict() != Verdict.PASS) {
            steps.skipRemaining("the side restore failed verification");
            return IncidentOutcome.SIDE_RESTORE_FAILED;
        }
        SwitchRequest switching = switchRequest();
        steps.run("switch", () -> {
            switchStarted = true; // first: a cancellation seen after the step must undo whatever it did
            SwitchState state = detached(() -> databases.switchProduction(switching));
            incident.event(
                    "switch",
                    state + ": production is the restored backup; the old one is set aside as " + names.preRestore());
        });
        incident.preRestoreDatabase(names.preRestore());
        incident.restored(staged.backup());

        List<CheckResult> checks = steps.run("verify_production", this::verifyProduction);
        incident.productionChecks(checks);
        if (Verdicts.of(checks) == Verdict.FAIL) {
            switchBack();
            incident.event("verify_production", "FAIL (" + Verdicts.failures(checks) + "): switched back");
            return IncidentOutcome.SWITCHED_BACK;
        }
        incident.event("verify_production", "PASS");
        // The commit point: production is verified. Whatever happens from here is a warning, never a switch back.
        committed = true;
        Workflow.newDetachedCancellationScope(this::afterCommit).run();
        return IncidentOutcome.RESTORED;
    }

    /** Production as it serves traffic: the verified database by its marker, structure, owners, app checks. */
    private List<CheckResult> verifyProduction() {
        BackupRef backup =
                new BackupRef(staged.backup().profile(), staged.backup().backupId());
        try {
            List<CheckResult> all = new ArrayList<>(verification.verifyProduction(
                    new ProductionCheckRequest(backup, request.targetProfile(), names.preRestore(), side.owner())));
            all.addAll(
                    verification.runAppChecks(new VerifyRequest(backup, request.targetProfile(), names.production())));
            return all;
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure) {
                throw e; // a cancellation, not a verdict: the workflow undoes the switch
            }
            // Production that cannot be verified is not production: go back to what it was.
            return List.of(CheckResult.fail(
                    "verify_production", "production verified", "verification failed to run", Failures.rootMessage(e)));
        }
    }

    /**
     * Commit, then the pre-restore snapshot of the set-aside database; each failure a warning. (The staging
     * database is dropped after it: a drop running beside the snapshot is an activity a killed worker leaves
     * for its 10-minute timeout, which held a run that long in RestoreInterruptedIT.)
     */
    private void afterCommit() {
        commitThenSnapshot();
    }

    private void commitThenSnapshot() {
        try {
            steps.run("commit", () -> {
                databases.commitSwitch(switchRequest());
            });
            incident.event(
                    "commit", "switch committed: " + names.preRestore() + " is kept as the pre-restore database");
        } catch (TemporalFailure e) {
            incident.event(
                    "warning",
                    "the switch is verified but its markers were not committed (" + Failures.rootMessage(e)
                            + "): production stays restored; see the runbook");
        }
        PreRestoreSnapshot.take(steps, incident, request, restoreId, names.preRestore());
    }

    /** Drops the staging database kept for testing during the approval; a failure is a warning. */
    void dropStaging() {
        if (staged != null && !stagingDropped) {
            stagingDropped = true;
            Workflow.newDetachedCancellationScope(() -> {
                        try {
                            sandboxes.dropSandbox(staged.sandbox(settings.stagingProfile()));
                        } catch (TemporalFailure e) {
                            incident.event(
                                    "warning",
                                    "staging database " + staged.database() + " not dropped: "
                                            + Failures.rootMessage(e));
                        }
                    })
                    .run();
        }
    }

    /** No approval: the prepared side database is dropped (and its restore cancelled if it still runs). */
    void discardSide() {
        side.discard();
    }

    /**
     * After a cancellation or a failure before the commit point: the switch undone if it started (from the
     * server's state), the side database dropped unless it moved, the staging database dropped.
     */
    void undo() {
        if (committed) {
            return;
        }
        try {
            if (switchStarted) {
                switchBack();
            }
        } finally {
            // Whether or not the switch back worked: nothing of this run's own may stay behind (the drops are
            // ownership-checked, so a side database the switch still holds is refused and named in the record).
            side.discard();
            dropStaging();
        }
    }

    private void switchBack() {
        SwitchState state = detached(() -> databases.switchBack(switchRequest()));
        switchStarted = false;
        steps.note("switch", "switched back: " + state);
        incident.event(
                "switch_back",
                state == SwitchState.SWITCHED_BACK
                        ? "production is the old database again; the restored one is kept as " + names.failedRestore()
                        : "production is the old database again; the replacement never took its name");
    }

    private SwitchRequest switchRequest() {
        return new SwitchRequest(
                request.targetProfile(), names.side(), names.preRestore(), names.failedRestore(), side.owner());
    }

    /** Runs a switch step where a cancellation cannot reach it: it ends before the cancellation is seen. */
    private static SwitchState detached(Supplier<SwitchState> step) {
        SwitchState[] out = new SwitchState[1];
        Workflow.newDetachedCancellationScope(() -> {
                    out[0] = step.get();
                })
                .run();
        return out[0];
    }
}
