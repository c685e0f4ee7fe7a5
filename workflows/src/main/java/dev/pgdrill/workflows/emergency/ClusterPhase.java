package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.ClusterSwitchActivities;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An emergency restore of a pgBackRest profile, at cluster level: the stanza's sets before the incident (newest
 * first) are checked in the repository and restored to the incident time into a side cluster next to production's
 * data directory, verified there, and the first that passes waits, running, for the approval; then the data
 * directory swap, production verified through its own port, commit. Production is not touched before the
 * approval; the side cluster is removed on every path that does not switch; the swap and its way back run where
 * a cancellation cannot interleave with them, and after the commit point nothing switches back.
 */
final class ClusterPhase {
    private final StepTracker steps = new StepTracker(
            "candidates", "prepare", "awaiting_approval", "switch", "verify_production", "commit", "resume");
    private final EmergencyRestoreRequest request;
    private final IncidentLog incident;

    private final ClusterSwitchActivities switching =
            Workflow.newActivityStub(ClusterSwitchActivities.class, ActivityProfiles.CLUSTER_SWITCH);
    private final ClusterSwitchActivities committing =
            Workflow.newActivityStub(ClusterSwitchActivities.class, ActivityProfiles.CLUSTER_COMMIT);
    private final SidePreparation preparation;
    private SideClusterRequest side;
    private boolean switchStarted;
    private boolean committed;

    ClusterPhase(
            EmergencyRestoreRequest request, IncidentLog incident, String restoreId, String sideHex, String stamp) {
        this.request = request;
        this.incident = incident;
        this.preparation = new SidePreparation(
                request,
                incident,
                new SideClusterRequest(
                        request.targetProfile(),
                        "",
                        sideHex,
                        request.incidentTime().toString(),
                        stamp,
                        restoreId));
    }

    StepTracker steps() {
        return steps;
    }

    boolean committed() {
        return committed;
    }

    /** candidates → prepare (older on failure) → approval → switch → verify production → commit. */
    IncidentOutcome run(ApprovalStep approval) {
        List<BackupCandidate> candidates = steps.run("candidates", preparation::candidates);
        if (candidates.isEmpty()) {
            steps.skipRemaining("no pgBackRest set completed before the incident");
            return IncidentOutcome.NO_CANDIDATE;
        }
        Optional<BackupCandidate> prepared = steps.run("prepare", () -> preparation.prepare(candidates));
        if (prepared.isEmpty()) {
            steps.skipRemaining("every candidate failed");
            return IncidentOutcome.ALL_CANDIDATES_FAILED;
        }
        side = preparation.side();
        IncidentOutcome decision = steps.run(
                "awaiting_approval", () -> approval.await(prepared.get().backupId()));
        if (decision != null) {
            steps.skipRemaining("no approval");
            preparation.discard();
            return decision;
        }
        steps.run("switch", () -> {
            switchStarted = true; // first: a cancellation seen after the step must undo whatever it did
            detached(() -> switching.switchCluster(side));
            incident.event(
                    "switch",
                    "production's data directory is the restored cluster; the old one is kept as <data directory>"
                            + ".pre_restore_" + side.stamp());
        });
        incident.preRestoreDatabase("<data directory>.pre_restore_" + side.stamp());
        // Recovered to the incident time, not to the set's start: what was lost is what came after the incident.
        incident.restored(
                new BackupCandidate(prepared.get().backupId(), prepared.get().profile(), request.incidentTime()));
        List<CheckResult> checks = steps.run("verify_production", this::verifyProduction);
        incident.productionChecks(checks);
        if (Verdicts.of(checks) == Verdict.FAIL) {
            switchBack();
            incident.event("verify_production", "FAIL (" + Verdicts.failures(checks) + "): switched back");
            preparation.discard();
            return IncidentOutcome.SWITCHED_BACK;
        }
        incident.event("verify_production", "PASS");
        // The commit point: production is verified. Whatever happens from here is a warning, never a switch back.
        committed = true;
        Workflow.newDetachedCancellationScope(this::commit).run();
        return IncidentOutcome.RESTORED;
    }

    private List<CheckResult> verifyProduction() {
        try {
            return switching.verifySwitchedCluster(side);
        } catch (ActivityFailure e) {
            if (e.getCause() instanceof CanceledFailure) {
                throw e; // a cancellation, not a verdict: the workflow undoes the switch
            }
            // Production that cannot be verified is not production: go back to what it was.
            return List.of(CheckResult.fail(
                    "verify_production", "production verified", "verification failed to run", Failures.rootMessage(e)));
        }
    }

    private void commit() {
        try {
            steps.run("commit", () -> {
                committing.commitClusterSwitch(side);
            });
            incident.event(
                    "commit",
                    "switch committed: the old data directory stays as <data directory>.pre_restore_" + side.stamp());
        } catch (TemporalFailure e) {
            incident.event(
                    "warning",
                    "the switch is verified but was not committed (" + Failures.rootMessage(e)
                            + "): production stays restored, its WAL archiving held until an operator commits it;"
                            + " see the runbook");
        }
    }

    /**
     * After a cancellation or a failure before the commit point: the swap undone if it started (from the host's
     * state), then the side cluster removed. Runs in a detached scope (the caller's).
     */
    void undo() {
        if (committed) {
            return;
        }
        try {
            if (switchStarted) {
                switchBack();
            }
        } catch (TemporalFailure e) {
            incident.event(
                    "undo",
                    "FAILED, production needs an operator (docs/RUNBOOK.md, the cluster switch): "
                            + Failures.rootMessage(e));
            return; // the side's state file is what the operator reads: it stays
        }
        preparation.discard();
    }

    private void switchBack() {
        SwitchState state = detached(() -> switching.switchClusterBack(side));
        switchStarted = false;
        steps.note("switch", "switched back: " + state);
        incident.event(
                "switch_back",
                state == SwitchState.SWITCHED_BACK
                        ? "production is the old data directory again; the restored one is kept as <data directory>"
                                + ".failed_restore_" + side.stamp()
                        : "production is the old data directory again; the restored one never took its place");
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
