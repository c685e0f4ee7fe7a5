package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.ClusterSwitchActivities;
import dev.pgdrill.workflows.activities.PhysicalRestoreActivities;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.activities.SwitchState;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final SideClusterRequest base;

    private final PhysicalRestoreActivities listing =
            Workflow.newActivityStub(PhysicalRestoreActivities.class, ActivityProfiles.DATABASE);
    // Cancelled, a restore is waited for until it stopped: the discard must come after anything it started.
    private final ClusterSwitchActivities preparing = Workflow.newActivityStub(
            ClusterSwitchActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    private final PhysicalRestoreActivities repository = Workflow.newActivityStub(
            PhysicalRestoreActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    private final ClusterSwitchActivities switching =
            Workflow.newActivityStub(ClusterSwitchActivities.class, ActivityProfiles.CLUSTER_SWITCH);
    private final ClusterSwitchActivities cleanup =
            Workflow.newActivityStub(ClusterSwitchActivities.class, ActivityProfiles.DATABASE);

    private SideClusterRequest side;
    private boolean sideMayExist;
    private boolean switchStarted;
    private boolean committed;

    ClusterPhase(
            EmergencyRestoreRequest request, IncidentLog incident, String restoreId, String sideHex, String stamp) {
        this.request = request;
        this.incident = incident;
        this.base = new SideClusterRequest(
                request.targetProfile(), "", sideHex, request.incidentTime().toString(), stamp, restoreId);
        this.side = base;
    }

    StepTracker steps() {
        return steps;
    }

    boolean committed() {
        return committed;
    }

    /** candidates → prepare (older on failure) → approval → switch → verify production → commit. */
    IncidentOutcome run(ApprovalStep approval) {
        List<BackupCandidate> candidates = steps.run("candidates", this::candidates);
        if (candidates.isEmpty()) {
            steps.skipRemaining("no pgBackRest set completed before the incident");
            return IncidentOutcome.NO_CANDIDATE;
        }
        Optional<BackupCandidate> prepared = steps.run("prepare", () -> prepare(candidates));
        if (prepared.isEmpty()) {
            steps.skipRemaining("every candidate failed");
            return IncidentOutcome.ALL_CANDIDATES_FAILED;
        }
        IncidentOutcome decision = steps.run(
                "awaiting_approval", () -> approval.await(prepared.get().backupId()));
        if (decision != null) {
            steps.skipRemaining("no approval");
            discard();
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
            discard();
            return IncidentOutcome.SWITCHED_BACK;
        }
        incident.event("verify_production", "PASS");
        // The commit point: production is verified. Whatever happens from here is a warning, never a switch back.
        committed = true;
        Workflow.newDetachedCancellationScope(this::commit).run();
        return IncidentOutcome.RESTORED;
    }

    /** The stanza's completed sets that ended before the incident, newest first, up to maxAttempts. */
    private List<BackupCandidate> candidates() {
        List<SourceBackup> all = listing.listPhysicalSets(request.targetProfile());
        boolean named = request.backupId() != null && !request.backupId().isEmpty();
        List<BackupCandidate> before = all.stream()
                .filter(s -> "COMPLETED".equals(s.status()))
                .filter(s -> s.finishedAt()
                        .map(f -> f.isBefore(request.incidentTime()))
                        .orElse(false))
                .filter(s -> !named || s.id().equals(request.backupId()))
                .map(s -> new BackupCandidate(s.id(), request.targetProfile(), s.startedAt()))
                .toList();
        List<BackupCandidate> chosen = before.subList(0, Math.min(Math.max(1, request.maxAttempts()), before.size()));
        incident.event(
                "candidates",
                before.size() + " pgBackRest set(s) completed before " + request.incidentTime() + ", trying "
                        + chosen.size());
        return chosen;
    }

    /** Each candidate in turn: repository checks, restore into the side cluster, the suite; the first PASS stays. */
    private Optional<BackupCandidate> prepare(List<BackupCandidate> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            BackupCandidate c = candidates.get(i);
            side = base.withLabel(c.backupId());
            Workflow.setCurrentDetails("**Prepare** attempt " + (i + 1) + "/" + candidates.size() + ": set "
                    + c.backupId() + " to " + request.incidentTime());
            List<CheckResult> checks = new ArrayList<>();
            long restoreMs = 0;
            try {
                checks.addAll(repository.verifyPhysicalSet(side.physical()));
                if (Verdicts.of(checks) != Verdict.FAIL) {
                    sideMayExist = true;
                    ClusterOutcome restored = preparing.prepareSideCluster(side);
                    restoreMs = restored.restoreMs();
                    checks.addAll(restored.checks());
                    if (Verdicts.of(checks) != Verdict.FAIL) {
                        checks.addAll(preparing.verifySideCluster(side));
                    }
                }
            } catch (ActivityFailure e) {
                if (e.getCause() instanceof CanceledFailure) {
                    throw e;
                }
                checks.add(
                        CheckResult.fail("workflow", "every step completes", "a step failed", Failures.rootMessage(e)));
            }
            RestoreAndVerifyResult r = new RestoreAndVerifyResult(
                    "side cluster " + side.side(),
                    Verdicts.of(checks),
                    List.copyOf(checks),
                    Map.of(),
                    restoreMs,
                    false);
            incident.attempt(c, r);
            if (r.verdict() == Verdict.PASS) {
                Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(c.backupId()));
                return Optional.of(c);
            }
            discard();
        }
        return Optional.empty();
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
                switching.commitClusterSwitch(side);
            });
            incident.event(
                    "commit",
                    "switch committed: the old data directory stays as <data directory>.pre_restore_" + side.stamp());
        } catch (TemporalFailure e) {
            incident.event(
                    "warning",
                    "the switch is verified but was not committed (" + Failures.rootMessage(e)
                            + "): production stays restored; see the runbook");
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
        discard();
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

    /** The side cluster stopped and removed (a failure is written into the record: an operator removes it). */
    private void discard() {
        if (!sideMayExist) {
            return;
        }
        Workflow.newDetachedCancellationScope(() -> {
                    try {
                        cleanup.discardSideCluster(side);
                        sideMayExist = false;
                    } catch (TemporalFailure e) {
                        incident.event(
                                "warning",
                                "side cluster <data directory>.pgdrill-" + side.side() + " not removed: "
                                        + Failures.rootMessage(e));
                    }
                })
                .run();
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
