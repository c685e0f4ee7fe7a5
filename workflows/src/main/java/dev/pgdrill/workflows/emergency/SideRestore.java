package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The approved backup restored into the side database next to production and verified there, as a
 * {@code RestoreAndVerifyWorkflow} child that keeps it after a PASS. Started as soon as staging passed (while
 * the approval is awaited) or after the approval; {@link #discard} cancels it and drops its database when
 * it will not be switched in, so a full copy of production is never left behind.
 */
final class SideRestore {
    /** How long a cancelled side restore gets to end (its activities heartbeat every 10 s). */
    private static final Duration CANCEL_PATIENCE = Duration.ofMinutes(2);

    private final StepTracker steps;
    private final IncidentLog incident;
    private final EmergencyRestoreRequest request;
    private final String owner;
    private final String database;
    private final String production;
    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private CancellationScope scope;
    private Promise<RestoreAndVerifyResult> result;
    /** Completes once the child has started (or failed to): only a started child is cancelled. */
    private Promise<WorkflowExecution> started;

    SideRestore(
            StepTracker steps,
            IncidentLog incident,
            EmergencyRestoreRequest request,
            String restoreId,
            DatabaseNames names) {
        this.steps = steps;
        this.incident = incident;
        this.request = request;
        this.owner = WorkflowIds.sideRestore(restoreId);
        this.database = names.side();
        this.production = names.production();
    }

    /** The side restore's workflow id: the side database's marker names it, and so does every switch marker. */
    String owner() {
        return owner;
    }

    /** Starts the child (once); it runs while the workflow goes on (awaiting the approval). */
    void start(StagingPhase.Staged staged) {
        if (result != null) {
            return;
        }
        BackupRef backup =
                new BackupRef(staged.backup().profile(), staged.backup().backupId());
        steps.start("side_restore");
        RestoreAndVerifyWorkflow child = Workflow.newChildWorkflowStub(
                RestoreAndVerifyWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(owner)
                        // A cancelled side restore is done with once the cancellation is recorded: its own teardown
                        // (after its activities stopped) and discard() below both drop its database.
                        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_REQUESTED)
                        .setStaticSummary("Side restore of " + backup.backupId() + " next to production")
                        .build());
        RestoreAndVerifyRequest r = new RestoreAndVerifyRequest(
                backup,
                request.targetProfile(),
                "side",
                true,
                request.settings().jobs(),
                database);
        scope = Workflow.newCancellationScope(() -> {
            result = Async.function(child::run, r);
        });
        started = Workflow.getWorkflowExecution(child);
        scope.run();
        result.handle((ok, failed) -> {
            if (failed != null) {
                steps.finish("side_restore", StepStatus.FAILED, Failures.rootMessage(failed));
            } else {
                steps.finish("side_restore", StepStatus.DONE, database + ": " + ok.verdict());
                incident.event("side_restore", database + ": " + ok.verdict());
            }
            return null;
        });
    }

    /** Waits for the side restore (starting it now if it was not prepared) and returns its result. */
    RestoreAndVerifyResult await(StagingPhase.Staged staged) {
        start(staged);
        return result.get();
    }

    /**
     * The side database will not be switched in (no approval, a failure, a cancellation): the child is
     * cancelled if it still runs (its teardown drops what it made) and the database is dropped if it was
     * kept. Runs detached, so it also runs while the workflow is being cancelled; ownership-checked, so a
     * side database a switch claimed is left to the switch back.
     */
    void discard() {
        if (result == null) {
            return;
        }
        Workflow.newDetachedCancellationScope(() -> {
                    if (!result.isCompleted()) {
                        // Cancelled once it has started: a cancellation sent between the start's request and the
                        // start itself may never reach it, and it would then restore into the database dropped below.
                        Workflow.await(() -> started.isCompleted() || result.isCompleted());
                        scope.cancel("the side database will not be switched in");
                        // Bounded all the same: the drop below runs either way.
                        if (!Workflow.await(CANCEL_PATIENCE, result::isCompleted)) {
                            incident.event(
                                    "warning",
                                    "the side restore did not end within " + CANCEL_PATIENCE
                                            + " of its cancellation; " + database
                                            + " is dropped now, and pgdrill cleanup lists"
                                            + " it if it comes back");
                        }
                    }
                    try {
                        databases.dropSandbox(new SandboxRequest(request.targetProfile(), database, owner));
                        incident.event("side_restore", database + " dropped: it will not be switched in");
                    } catch (TemporalFailure e) {
                        incident.event(
                                "warning", "side database " + database + " not dropped: " + Failures.rootMessage(e));
                    }
                })
                .run();
    }
}
