package dev.pgdrill.workflows.backup;

import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * Every backup proven ({@code drill.afterEveryBackup}): the new backup drilled by a child RestoreDrillWorkflow.
 *
 * <p>The child's workflow id is one per database ({@link WorkflowIds#drillAfterBackup}): Temporal refuses a second
 * start while one runs, so drills never pile up behind backups, one per database at a time; a backup that finds
 * its database's drill still running says so and is not drilled (the next one will be). Left alone, the child is
 * ABANDONed: the backup completes at once and the next backup never waits for a drill. In a fleet run the backup
 * waits for the verdict instead, so the fleet's bound on concurrent work covers its drills too.
 */
final class DrillAfterBackup {
    private static final Logger log = Workflow.getLogger(DrillAfterBackup.class);

    private DrillAfterBackup() {}

    static DrillOfBackup run(BackupRequest request, String backupId, List<String> warnings) {
        DrillAfter after = DrillAfter.orNone(request.drillAfter());
        if (!after.enabled() || BackupRequest.PRE_RESTORE.equals(request.kind())) {
            return DrillOfBackup.NONE;
        }
        String profile = request.profile();
        String workflowId = WorkflowIds.drillAfterBackup(profile);
        String drillId = WorkflowIds.drillOfBackup(profile, backupId);
        RestoreDrillWorkflow drill = Workflow.newChildWorkflowStub(
                RestoreDrillWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setParentClosePolicy(
                                after.await()
                                        ? ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL
                                        : ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(PgdrillSearchAttributes.DATABASE, profile)
                                .build())
                        .setStaticSummary("Drill of backup " + backupId + " of '" + profile + "', right after it")
                        .build());
        Promise<DrillResult> verdict = Async.function(
                drill::run,
                new DrillRequest(profile, backupId, false, "after backup " + backupId, after.settings(), "", drillId));
        try {
            Workflow.getWorkflowExecution(drill).get(); // started, or refused because one is still running
        } catch (TemporalFailure running) {
            String why = "not drilled: a drill of '" + profile + "' is still running as " + workflowId;
            warnings.add(why);
            log.warn("{}: {}", why, Failures.rootMessage(running));
            return new DrillOfBackup(workflowId, drillId, "NOT_STARTED", why);
        }
        if (!after.await()) {
            return new DrillOfBackup(workflowId, drillId, "STARTED", "");
        }
        try {
            DrillResult r = verdict.get();
            return new DrillOfBackup(workflowId, drillId, r.verdict().name(), Verdicts.failures(r.checks()));
        } catch (TemporalFailure e) {
            return new DrillOfBackup(workflowId, drillId, "FAILED", Failures.rootMessage(e));
        }
    }
}
