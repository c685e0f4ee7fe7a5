package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepTracker;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** candidates → staging (older on failure) → approval → production, safely → verify → incident record. */
public class EmergencyRestoreWorkflowImpl implements EmergencyRestoreWorkflow {

    /** The logical path's steps; a restore of another source kind replaces them with its own. */
    private StepTracker steps = new StepTracker(
            "candidates",
            "staging",
            "side_restore",
            "awaiting_approval",
            "switch",
            "verify_production",
            "commit",
            "snapshot",
            "resume");

    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private final IncidentLog incident = new IncidentLog();
    private ApprovalGate gate;
    private RestoreNotices notices;
    /** Whether the path's commit point is passed (production verified): from then on failures are warnings. */
    private BooleanSupplier committed = () -> false;

    private final RunEnd end =
            new RunEnd(incident, catalog, () -> notices, () -> steps, () -> committed.getAsBoolean());

    @Override
    public Incident run(EmergencyRestoreRequest request) {
        RestoreSettings settings = request.settings();
        Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        // This run's own identity: every marker, child, hold, snapshot and record it makes is named by it.
        String unique = Workflow.randomUUID().toString().replace("-", "");
        String restoreId = WorkflowIds.restoreRun(request.targetProfile(), started, unique.substring(0, 6));
        gate = new ApprovalGate(
                settings.approval(),
                request.requestedBy(),
                new ApprovalRequest(
                        restoreId,
                        request.targetProfile(),
                        "",
                        settings.approval().phrase(),
                        settings.approval().signatures()));
        incident.start(request, Workflow.getInfo().getWorkflowId(), restoreId);
        notices = new RestoreNotices(request, restoreId);
        notices.started();
        // The source kind travels in the request (copied from the configuration by the CLI): each kind has its path.
        switch (settings.source()) {
            case RestoreSettings.PGBACKREST:
                return clusterRestore(request, restoreId);
            case RestoreSettings.SUPABASE:
                return providerRestore(request, restoreId);
            default:
                break;
        }
        StagingPhase staging = new StagingPhase(request, restoreId, incident);
        ProductionPhase production = null;
        try {
            DatabaseNames names = plan(request, started, unique.substring(6, 14));
            production = new ProductionPhase(steps, incident, request, restoreId, names);
            committed = production::committed;
            return end.finish(restore(request, staging, production, settings));
        } catch (CanceledFailure e) {
            if (production != null && production.committed()) {
                // Past the commit point a cancellation changes nothing: production is the verified restore.
                return end.finish(IncidentOutcome.RESTORED);
            }
            end.undoThenFinish(undoOf(production), IncidentOutcome.CANCELLED, e);
            throw e;
        } catch (TemporalFailure e) {
            if (FailureType.ALL_CANDIDATES_FAILED.matches(e)) {
                throw e; // recorded already: production was never touched
            }
            // Whatever broke (or was cancelled), production goes back to what it was before the run ends.
            boolean cancelled = e.getCause() instanceof CanceledFailure;
            end.undoThenFinish(undoOf(production), cancelled ? IncidentOutcome.CANCELLED : IncidentOutcome.FAILED, e);
            throw e;
        } finally {
            staging.releaseHolds();
        }
    }

    /** The runbook's steps; returns how it ended (production touched only when RESTORED or SWITCHED_BACK). */
    private IncidentOutcome restore(
            EmergencyRestoreRequest request, StagingPhase staging, ProductionPhase production, RestoreSettings s) {
        List<BackupCandidate> candidates = steps.run("candidates", staging::candidates);
        if (candidates.isEmpty()) {
            steps.skipRemaining("no backup before the incident");
            return IncidentOutcome.NO_CANDIDATE;
        }
        Optional<StagingPhase.Staged> staged =
                steps.run("staging", () -> staging.stage(candidates, production.stagingLike()));
        if (staged.isEmpty()) {
            steps.skipRemaining("every candidate failed on staging");
            Incident failed = end.finish(IncidentOutcome.ALL_CANDIDATES_FAILED);
            throw FailureType.ALL_CANDIDATES_FAILED.permanent(
                    "no candidate passed verification on staging: " + incident.attemptsSummary()
                            + "; production untouched",
                    failed);
        }
        production.staged(staged.get());
        ApprovalStep approval = new ApprovalStep(s, gate, incident, catalog, notices);
        IncidentOutcome decision = steps.run(
                "awaiting_approval", () -> approval.await(staged.get().backup().backupId()));
        if (decision != null) {
            steps.skipRemaining("no approval");
            production.discardSide();
            production.dropStaging();
            return decision;
        }
        IncidentOutcome outcome = production.run();
        if (outcome != IncidentOutcome.RESTORED) {
            production.discardSide();
        }
        production.dropStaging();
        return outcome;
    }

    /** A pgBackRest stanza's target: a cluster-level switch (README, "pgBackRest emergency restores"). */
    private Incident clusterRestore(EmergencyRestoreRequest request, String restoreId) {
        String hex = Workflow.randomUUID().toString().replace("-", "").substring(0, 8);
        Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        ClusterPhase cluster = new ClusterPhase(request, incident, restoreId, hex, WorkflowIds.stamp(started));
        steps = cluster.steps();
        committed = cluster::committed;
        try {
            IncidentOutcome outcome =
                    cluster.run(new ApprovalStep(request.settings(), gate, incident, catalog, notices));
            if (outcome == IncidentOutcome.ALL_CANDIDATES_FAILED) {
                Incident failed = end.finish(outcome);
                throw FailureType.ALL_CANDIDATES_FAILED.permanent(
                        "no pgBackRest set restored to the incident time passed verification: "
                                + incident.attemptsSummary() + "; production untouched",
                        failed);
            }
            return end.finish(outcome);
        } catch (CanceledFailure e) {
            if (cluster.committed()) {
                // Past the commit point a cancellation changes nothing: the record is written where it cannot reach.
                Incident[] restored = new Incident[1];
                Workflow.newDetachedCancellationScope(() -> {
                            restored[0] = end.finish(IncidentOutcome.RESTORED);
                        })
                        .run();
                return restored[0];
            }
            end.undoThenFinish(cluster::undo, IncidentOutcome.CANCELLED, e);
            throw e;
        } catch (TemporalFailure e) {
            if (FailureType.ALL_CANDIDATES_FAILED.matches(e)) {
                throw e; // recorded already: production was never touched
            }
            boolean cancelled = e.getCause() instanceof CanceledFailure;
            end.undoThenFinish(cluster::undo, cancelled ? IncidentOutcome.CANCELLED : IncidentOutcome.FAILED, e);
            throw e;
        }
    }

    /** A Supabase project: the provider restores in place, after a verified logical snapshot and the approval. */
    private Incident providerRestore(EmergencyRestoreRequest request, String restoreId) {
        steps = new StepTracker(ProviderPhase.STEPS);
        ProviderPhase provider = new ProviderPhase(steps, incident, request, restoreId);
        committed = provider::verified;
        IncidentOutcome outcome;
        try {
            outcome = provider.run(new ApprovalStep(request.settings(), gate, incident, catalog, notices));
        } catch (TemporalFailure e) {
            IncidentOutcome failed = provider.failed(e);
            Workflow.newDetachedCancellationScope(() -> end.finish(failed)).run();
            throw e;
        }
        // The outcome is decided (RESTORED only once the project passed verification): cleanup and the record are
        // bookkeeping a cancellation cannot reach, and whose failures are warnings (WayBack, RunEnd).
        Incident[] record = new Incident[1];
        Workflow.newDetachedCancellationScope(() -> {
                    provider.cleanUp();
                    record[0] = end.finish(outcome);
                })
                .run();
        return record[0];
    }

    /**
     * Every database name the run will need, computed and checked now, before anything is restored: a name
     * that cannot work is a clear failure here, not after an approval.
     */
    private DatabaseNames plan(EmergencyRestoreRequest request, Instant started, String suffix) {
        String production = databases.databaseOf(request.targetProfile());
        try {
            DatabaseNames names = DatabaseNames.plan(production, suffix, WorkflowIds.stamp(started));
            incident.event("plan", "side " + names.side() + ", old production kept as " + names.preRestore());
            return names;
        } catch (IllegalArgumentException e) {
            throw FailureType.CONFIGURATION.permanent(
                    "unable to restore '" + request.targetProfile() + "': " + e.getMessage());
        }
    }

    private static Runnable undoOf(ProductionPhase production) {
        return production == null ? null : production::undo;
    }

    @Override
    public String approve(Approval approval) {
        return gate.approve(approval, "update");
    }

    @Override
    public void validateApprove(Approval approval) {
        refuse(gate == null ? Optional.of("the restore is starting") : gate.refusal(approval));
    }

    @Override
    public void approveSignal(Approval approval) {
        if (gate != null) {
            gate.signal(approval);
        }
    }

    @Override
    public String reject(Rejection rejection) {
        return gate.reject(rejection);
    }

    @Override
    public void validateReject(Rejection rejection) {
        refuse(gate == null ? Optional.of("the restore is starting") : gate.refusal(rejection));
    }

    /** A validator's refusal: thrown before the update enters history, so the caller sees why. */
    private static void refuse(Optional<String> why) {
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
    }

    @Override
    public ApprovalRequest approvalRequest() {
        return gate == null ? new ApprovalRequest("", "", "", "", SignatureMode.OFF) : gate.request();
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }
}
