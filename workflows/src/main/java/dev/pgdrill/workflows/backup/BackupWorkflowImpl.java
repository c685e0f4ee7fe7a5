package dev.pgdrill.workflows.backup;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.BackupSourceActivities;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.CreateBackupRequest;
import dev.pgdrill.workflows.activities.CreatedBackup;
import dev.pgdrill.workflows.activities.FailBackupRequest;
import dev.pgdrill.workflows.activities.PhysicalBackupRequest;
import dev.pgdrill.workflows.activities.PhysicalRestoreActivities;
import dev.pgdrill.workflows.activities.PruneRequest;
import dev.pgdrill.workflows.activities.PruneResult;
import dev.pgdrill.workflows.activities.ReserveBackupRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** The runbook's "Automated Daily Backup", one run. */
public class BackupWorkflowImpl implements BackupWorkflow {
    private static final Logger log = Workflow.getLogger(BackupWorkflowImpl.class);

    private final StepTracker steps = new StepTracker("reserve", "dump", "record", "prune");
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private final BackupSourceActivities source =
            Workflow.newActivityStub(BackupSourceActivities.class, ActivityProfiles.LONG_RUNNING);

    @Override
    public BackupResult run(BackupRequest request) {
        Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        String backupId = steps.run(
                "reserve",
                () -> catalog.reserveBackup(new ReserveBackupRequest(
                        request.profile(),
                        request.kind(),
                        started,
                        Workflow.getInfo().getWorkflowId())));
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(backupId));
        BackupRef ref = new BackupRef(request.profile(), backupId);
        if (request.settings().physical()) {
            return physical(request, ref, started); // the source kind travels in the request
        }
        CreatedBackup created;
        try {
            // Its own stub for the activity summary the Temporal UI shows on the event.
            BackupSourceActivities dumper = Workflow.newActivityStub(
                    BackupSourceActivities.class,
                    ActivityProfiles.summarized(
                            ActivityProfiles.LONG_RUNNING, "pg_dump of '" + request.profile() + "' as " + backupId));
            created = steps.run(
                    "dump",
                    () -> dumper.createBackup(new CreateBackupRequest(
                            request.profile(),
                            backupId,
                            request.kind(),
                            request.settings().jobs(),
                            request.databaseOrProfiles())));
            steps.run("record", () -> catalog.completeBackup(ref));
        } catch (TemporalFailure e) {
            throw failed(request, ref, started, e);
        }
        List<String> warnings = new ArrayList<>();
        List<String> pruned = prune(request, warnings);
        long durationMs = Workflow.currentTimeMillis() - started.toEpochMilli();
        DrillOfBackup drill = DrillAfterBackup.run(request, backupId, warnings); // its time is not the backup's
        Workflow.setCurrentDetails("**Backup** " + backupId + " COMPLETED, " + created.sizeBytes() + " bytes, "
                + created.tables().size() + " tables");
        return new BackupResult(
                backupId,
                request.profile(),
                request.kind(),
                BackupStatus.COMPLETED,
                created.sizeBytes(),
                durationMs,
                created.tables(),
                "",
                pruned,
                warnings,
                drill);
    }

    /**
     * {@code pgbackrest backup} of the profile's stanza, recorded by the activity; pgBackRest's own retention
     * ({@code repo-retention-*}) prunes its sets, so pgdrill prunes nothing.
     */
    private BackupResult physical(BackupRequest request, BackupRef ref, Instant started) {
        PhysicalRestoreActivities pgbackrest = Workflow.newActivityStub(
                PhysicalRestoreActivities.class,
                ActivityProfiles.summarized(
                        ActivityProfiles.LONG_RUNNING,
                        "pgbackrest backup of '" + request.profile() + "' as " + ref.backupId()));
        SourceBackup set;
        try {
            set = steps.run(
                    "dump",
                    () -> pgbackrest.backupStanza(new PhysicalBackupRequest(
                            ref, request.kind(), request.settings().physicalType())));
        } catch (TemporalFailure e) {
            String reason = Failures.rootMessage(e);
            steps.skipRemaining("backup failed");
            // No files of pgdrill's to discard: the set, if any, is pgBackRest's.
            Workflow.newDetachedCancellationScope(
                            () -> catalog.failBackup(new FailBackupRequest(ref.backupId(), reason)))
                    .run();
            if (e instanceof CanceledFailure canceled) {
                throw canceled;
            }
            throw ApplicationFailure.newNonRetryableFailureWithCause(
                    "unable to back up '" + request.profile() + "' with pgbackrest as " + ref.backupId() + ": "
                            + reason,
                    FailureType.BACKUP_FAILED.type(),
                    e);
        }
        steps.finish("record", StepStatus.DONE, "pgBackRest set " + set.id());
        steps.finish("prune", StepStatus.SKIPPED, "pgBackRest's retention prunes its sets");
        Workflow.setCurrentDetails("**Backup** " + ref.backupId() + " COMPLETED: pgBackRest set " + set.id() + ", "
                + set.sizeBytes() + " bytes");
        return new BackupResult(
                ref.backupId(),
                request.profile(),
                request.kind(),
                BackupStatus.COMPLETED,
                set.sizeBytes(),
                Workflow.currentTimeMillis() - started.toEpochMilli(),
                List.of(),
                "",
                List.of(),
                List.of("pgBackRest set " + set.id() + " (" + set.type() + ")"),
                // drill.afterEveryBackup drills pgdrill's own logical backups; a stanza is drilled by drill run.
                DrillOfBackup.NONE);
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }

    /**
     * Retention runs after the new backup is recorded; its failure is a warning, not a failed backup. A
     * pre-restore snapshot does not prune: it is taken in the middle of an emergency restore, which must not
     * lose the backups it is using or might fall back to.
     */
    private List<String> prune(BackupRequest request, List<String> warnings) {
        if (BackupRequest.PRE_RESTORE.equals(request.kind())) {
            steps.finish("prune", StepStatus.SKIPPED, "a pre-restore snapshot never prunes");
            return List.of();
        }
        try {
            PruneResult r = steps.run(
                    "prune",
                    () -> source.prune(new PruneRequest(
                            request.profile(),
                            request.settings().retentionDays(),
                            Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                            request.requestedBy())));
            steps.note(
                    "prune",
                    "removed " + r.removed().size() + ", kept past window "
                            + r.kept().size());
            return r.removed().stream().map(PruneResult.Decision::backupId).toList();
        } catch (TemporalFailure e) {
            warnings.add("retention could not finish: " + Failures.rootMessage(e));
            log.warn("prune of {} failed: {}", request.profile(), Failures.rootMessage(e));
            return List.of();
        }
    }

    /**
     * Records the failure and removes the files, in a detached scope so that this cleanup also runs when
     * the run was cancelled; then fails the run with the result as the failure's details.
     */
    private ApplicationFailure failed(BackupRequest request, BackupRef ref, Instant started, TemporalFailure cause) {
        String reason = Failures.rootMessage(cause);
        steps.skipRemaining("backup failed");
        Workflow.newDetachedCancellationScope(() -> {
                    source.discardBackup(ref);
                    catalog.failBackup(new FailBackupRequest(ref.backupId(), reason));
                })
                .run();
        BackupResult result = new BackupResult(
                ref.backupId(),
                request.profile(),
                request.kind(),
                BackupStatus.FAILED,
                0,
                Workflow.currentTimeMillis() - started.toEpochMilli(),
                List.of(),
                reason,
                List.of(),
                List.of(),
                DrillOfBackup.NONE);
        Workflow.setCurrentDetails("**Backup** " + ref.backupId() + " FAILED: " + reason);
        if (cause instanceof CanceledFailure canceled) {
            throw canceled; // a cancelled run ends as cancelled, after its cleanup
        }
        return ApplicationFailure.newNonRetryableFailureWithCause(
                "unable to back up '" + request.profile() + "' as " + ref.backupId() + ": " + reason,
                FailureType.BACKUP_FAILED.type(),
                cause,
                result);
    }
}
