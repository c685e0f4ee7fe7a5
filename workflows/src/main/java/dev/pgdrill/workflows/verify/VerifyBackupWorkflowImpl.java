package dev.pgdrill.workflows.verify;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.ExternalBackupActivities;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * (import) → hold → restore and verify (child; tears its sandbox down) → release (→ forget). Like a drill
 * without choosing a backup and without a record: the result is the answer, and the run's history in
 * Temporal the trace. A backup pgdrill did not make is taken into the catalog first and let go at the end.
 */
public class VerifyBackupWorkflowImpl implements VerifyBackupWorkflow {
    private final StepTracker steps = new StepTracker("import", "hold", "restore_and_verify", "release", "forget");
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    // Import hashes the whole archive (and may read the live source's catalog): a long-running activity.
    private final ExternalBackupActivities external =
            Workflow.newActivityStub(ExternalBackupActivities.class, ActivityProfiles.LONG_RUNNING);

    @Override
    public VerifyBackupResult run(VerifyBackupRequest request) {
        String id = Workflow.getInfo().getWorkflowId();
        Map<String, Long> durations = new LinkedHashMap<>();
        BackupRef backup;
        if (request.external().present()) {
            backup = steps.timed("import", durations, () -> external.importBackup(request.external()));
        } else {
            backup = request.backup();
            steps.finish("import", StepStatus.SKIPPED, "a backup from the catalog");
        }
        try {
            return verify(request, id, backup, durations);
        } finally {
            if (request.external().present()) {
                Workflow.newDetachedCancellationScope(() -> steps.timed("forget", durations, () -> {
                            external.forgetBackup(backup);
                            return null;
                        }))
                        .run();
            } else {
                steps.finish("forget", StepStatus.SKIPPED, "a backup from the catalog");
            }
        }
    }

    private VerifyBackupResult verify(
            VerifyBackupRequest request, String id, BackupRef backup, Map<String, Long> durations) {
        String backupId = backup.backupId();
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(backupId));
        HoldRequest hold = new HoldRequest(backupId, id);
        // Retention leaves the backup alone while it is verified; released whatever happens below.
        steps.timed("hold", durations, () -> {
            catalog.holdBackup(hold);
            return null;
        });
        RestoreAndVerifyResult r;
        try {
            RestoreAndVerifyWorkflow child = Workflow.newChildWorkflowStub(
                    RestoreAndVerifyWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(WorkflowIds.verifyRestore(id))
                            .setStaticSummary("Verification restore of " + backupId + " into '"
                                    + request.settings().targetProfile() + "'")
                            .build());
            r = steps.timed(
                    "restore_and_verify",
                    durations,
                    () -> child.run(new RestoreAndVerifyRequest(
                            backup,
                            request.settings().targetProfile(),
                            "verify",
                            false,
                            request.settings().jobs(),
                            "")));
        } catch (TemporalFailure e) {
            r = RestoreAndVerifyResult.crashed(Failures.rootMessage(e)); // the child has torn its sandbox down
        } finally {
            Workflow.newDetachedCancellationScope(() -> steps.timed("release", durations, () -> {
                        catalog.releaseBackup(hold);
                        return null;
                    }))
                    .run();
        }
        Map<String, Long> all = new LinkedHashMap<>(durations);
        r.durationsMs().forEach((k, v) -> all.put("restore_and_verify." + k, v));
        Workflow.upsertTypedSearchAttributes(
                PgdrillSearchAttributes.VERDICT.valueSet(r.verdict().name()));
        Workflow.setCurrentDetails("**Verification** of " + backupId + ": " + r.verdict()
                + (r.verdict() == Verdict.FAIL ? " (" + Verdicts.failures(r.checks()) + ")" : ""));
        return new VerifyBackupResult(id, backupId, r.verdict(), r.restoreMs(), all, r.checks(), r.database());
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }
}
