package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.ProviderPlanRequest;
import dev.pgdrill.workflows.activities.ProviderRestoreActivities;
import dev.pgdrill.workflows.activities.ProviderRestoreCall;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A production database its provider restores in place (a Supabase project): there is no side database and no
 * switch, so the way back is proven first. The live project is dumped (the pre-restore snapshot) and that dump
 * restored and verified on staging; the restore point is checked against the provider; only then the approval,
 * one restore request, the wait until the project is healthy, and production verified. Nothing is asked of the
 * provider before the approval; after the request, nothing pgdrill does can undo it, so every failure from there
 * names the verified snapshot as the way back.
 */
final class ProviderPhase {
    /** The steps of this path, as {@code pgdrill restore status} shows them. */
    static final String[] STEPS = {
        "snapshot",
        "staging",
        "restore_point",
        "awaiting_approval",
        "provider_restore",
        "await_healthy",
        "verify_production",
        "resume"
    };

    private final StepTracker steps;
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    private final String restoreId;
    private final WayBack wayBack;
    private final DatabaseActivities sandboxes =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private final ProviderRestoreActivities planner =
            Workflow.newActivityStub(ProviderRestoreActivities.class, ActivityProfiles.SOURCE_API);
    private final ProviderRestoreActivities requester =
            Workflow.newActivityStub(ProviderRestoreActivities.class, ActivityProfiles.PROVIDER_REQUEST);
    private final ProviderRestoreActivities waiter =
            Workflow.newActivityStub(ProviderRestoreActivities.class, ActivityProfiles.PROVIDER_WAIT);
    /** Counting every table of a large project takes long: the verification suite's profile, heartbeats included. */
    private final ProviderRestoreActivities checker =
            Workflow.newActivityStub(ProviderRestoreActivities.class, ActivityProfiles.LONG_RUNNING);

    private final VerificationActivities verification =
            Workflow.newActivityStub(VerificationActivities.class, ActivityProfiles.LONG_RUNNING);
    private boolean requested;
    /** The commit point: the restored project passed verification; nothing after it changes the outcome. */
    private boolean verified;

    ProviderPhase(StepTracker steps, IncidentLog incident, EmergencyRestoreRequest request, String restoreId) {
        this.steps = steps;
        this.incident = incident;
        this.request = request;
        this.restoreId = restoreId;
        this.wayBack = new WayBack(incident, request, restoreId);
    }

    boolean verified() {
        return verified;
    }

    /** Whether the restore was asked of the provider: from then on production is the provider's to change. */
    boolean requested() {
        return requested;
    }

    IncidentOutcome run(ApprovalStep approval) {
        String snapshotId = steps.run("snapshot", wayBack::snapshot);
        RestoreAndVerifyResult staged = steps.run("staging", wayBack::stage);
        if (staged.verdict() != Verdict.PASS) {
            steps.skipRemaining("the pre-restore snapshot failed verification on staging");
            throw FailureType.ALL_CANDIDATES_FAILED.permanent(
                    "unable to restore '" + request.targetProfile() + "': the pre-restore snapshot " + snapshotId
                            + " failed verification on staging (" + Verdicts.failures(staged.checks())
                            + "), so the way back is not proven; nothing was requested from the provider, production"
                            + " untouched");
        }
        ProviderRestorePlan plan = steps.run("restore_point", this::plan);
        IncidentOutcome decision = steps.run(
                "awaiting_approval", () -> approval.await(plan.label() + " (way back: snapshot " + snapshotId + ")"));
        if (decision != null) {
            steps.skipRemaining("no approval");
            return decision;
        }
        steps.run("provider_restore", () -> {
            requested = true; // first: an ambiguous failure of the request must still count as a possible restore
            try {
                String answer =
                        requester.requestRestore(new ProviderRestoreCall(request.targetProfile(), restoreId, plan));
                incident.event("provider_restore", answer);
            } catch (ActivityFailure e) {
                // A refusal (400 PITR off, 422 out of range, 401/403) is an answer: nothing started at the provider.
                requested = !FailureType.SOURCE_REJECTED.matches(e);
                throw e;
            }
        });
        List<String> statuses = steps.run("await_healthy", () -> waiter.awaitHealthy(request.targetProfile()));
        incident.event("await_healthy", String.join(" → ", statuses));
        incident.restored(new BackupCandidate(plan.label(), request.targetProfile(), plan.target()));
        List<CheckResult> checks = steps.run("verify_production", this::verifyProduction);
        incident.productionChecks(checks);
        if (Verdicts.of(checks) == Verdict.FAIL) {
            incident.event(
                    "verify_production",
                    "FAIL (" + Verdicts.failures(checks) + "): the project is restored but not as expected; the way"
                            + " back is the pre-restore snapshot " + wayBack.describe());
            wayBack.keep();
            return IncidentOutcome.FAILED;
        }
        incident.event("verify_production", "PASS");
        verified = true;
        return IncidentOutcome.RESTORED;
    }

    private ProviderRestorePlan plan() {
        ProviderRestorePlan plan =
                planner.planRestore(new ProviderPlanRequest(request.targetProfile(), request.incidentTime()));
        incident.event("restore_point", plan.detail());
        return plan;
    }

    /** The project as it serves traffic: reachable, the snapshot's tables and constraints, then the app checks. */
    private List<CheckResult> verifyProduction() {
        BackupRef reference = new BackupRef(request.targetProfile(), wayBack.snapshotId());
        List<CheckResult> all = new ArrayList<>(checker.verifyProject(reference, request.targetProfile()));
        // The app checks only against a database that answers: a refused connection is the finding already.
        if (all.stream().anyMatch(c -> c.name().equals("connects") && c.status() == CheckStatus.PASS)) {
            String database = sandboxes.databaseOf(request.targetProfile());
            all.addAll(verification.runAppChecks(new VerifyRequest(reference, request.targetProfile(), database)));
        }
        return all;
    }

    /**
     * The run failed (or was cancelled) at any step: the incident says why and, once the restore was requested,
     * that production is the provider's to finish and which verified snapshot is the way back. Cleans up.
     */
    IncidentOutcome failed(TemporalFailure e) {
        boolean cancelled = e instanceof CanceledFailure || e.getCause() instanceof CanceledFailure;
        incident.event(
                cancelled ? "cancelled" : "failure",
                Failures.rootMessage(e)
                        + (requested
                                ? "; the restore was requested from the provider, so production is the provider's to"
                                        + " finish; the way back is the pre-restore snapshot " + wayBack.describe()
                                : "; the provider started no restore: production untouched"));
        if (requested) {
            wayBack.keep();
        }
        wayBack.cleanUp();
        if (cancelled) {
            return IncidentOutcome.CANCELLED;
        }
        return FailureType.ALL_CANDIDATES_FAILED.matches(e)
                ? IncidentOutcome.ALL_CANDIDATES_FAILED
                : IncidentOutcome.FAILED;
    }

    /** Run end, whatever the outcome (see {@link WayBack#cleanUp}). */
    void cleanUp() {
        wayBack.cleanUp();
    }
}
