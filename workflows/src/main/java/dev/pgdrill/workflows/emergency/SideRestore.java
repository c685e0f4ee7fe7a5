package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CopyRequest;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The approved backup restored into the side database next to production and verified there, as a
 * {@code RestoreAndVerifyWorkflow} child that keeps it after a PASS; or, when staging is on production's server
 * ({@link RestoreSettings#reuseStaging}), copied from the verified staging database and checked to be that
 * database (the backup is restored and fully verified once). Started as soon as staging passed (while
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
    /**
     * The copy is one CREATE DATABASE that cannot heartbeat: cancelled, it is waited for, so that the drop in
     * {@link #discard} comes after anything it could still create.
     */
    private final DatabaseActivities copier = Workflow.newActivityStub(
            DatabaseActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.DATABASE)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());

    private final VerificationActivities verification = Workflow.newActivityStub(
            VerificationActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
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

    /** Starts the side restore (once); it runs while the workflow goes on (awaiting the approval). */
    void start(StagingPhase.Staged staged) {
        if (result != null) {
            return;
        }
        steps.start("side_restore");
        if (request.settings().reuseStaging()) {
            started = Workflow.newPromise(null); // no child to wait for before a cancellation reaches it
            scope = Workflow.newCancellationScope(() -> {
                result = Async.function(this::copy, staged);
            });
        } else {
            scope = Workflow.newCancellationScope(() -> {
                result = restore(staged);
            });
        }
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

    /**
     * The verified staging database copied next to production and checked to be it; when it cannot be copied
     * (someone uses the staging database at that moment: PostgreSQL copies only a database nobody is connected
     * to), a restore of its own instead.
     */
    private RestoreAndVerifyResult copy(StagingPhase.Staged staged) {
        long t0 = Workflow.currentTimeMillis();
        String notCopied = copier.copySandbox(new CopyRequest(
                request.targetProfile(), staged.database(), staged.owner(), database, owner, production));
        if (!notCopied.isEmpty()) {
            if (CancellationScope.current().isCancelRequested()) {
                throw new CanceledFailure("the side database will not be switched in");
            }
            incident.event(
                    "side_restore",
                    "staging database " + staged.database() + " not copied (" + notCopied + "): restoring " + database
                            + " instead");
            return restore(staged).get();
        }
        long copyMs = Workflow.currentTimeMillis() - t0;
        VerifyRequest verify = new VerifyRequest(
                new BackupRef(staged.backup().profile(), staged.backup().backupId()),
                request.targetProfile(),
                database,
                production);
        List<CheckResult> checks = new ArrayList<>(verification.verifyCopy(verify));
        checks.addAll(verification.runAppChecks(verify));
        // A FAIL is not switched in: discard() drops the copy, as it drops a failed restore's database.
        Verdict verdict = Verdicts.of(checks);
        return new RestoreAndVerifyResult(
                database,
                verdict,
                List.copyOf(checks),
                Map.of("copy", copyMs, "verify", Workflow.currentTimeMillis() - t0 - copyMs),
                0,
                verdict == Verdict.PASS);
    }

    /** A RestoreAndVerifyWorkflow child that restores the backup into the side database and keeps it after a PASS. */
    private Promise<RestoreAndVerifyResult> restore(StagingPhase.Staged staged) {
        BackupRef backup =
                new BackupRef(staged.backup().profile(), staged.backup().backupId());
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
                database,
                production); // owners, grants and settings like production's, checked before any switch
        Promise<RestoreAndVerifyResult> run = Async.function(child::run, r);
        started = Workflow.getWorkflowExecution(child);
        return run;
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
