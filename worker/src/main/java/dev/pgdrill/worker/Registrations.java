package dev.pgdrill.worker;

import dev.pgdrill.activities.backup.BackupSourceActivitiesImpl;
import dev.pgdrill.activities.catalog.CatalogActivitiesImpl;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.activities.restore.DatabaseActivitiesImpl;
import dev.pgdrill.activities.restore.RestoreActivitiesImpl;
import dev.pgdrill.activities.verify.VerificationActivitiesImpl;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.emergency.ApprovalPolicy;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflowImpl;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflowImpl;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;

/** Everything this worker serves: workflow implementations and the activity objects they call. */
final class Registrations {
    private Registrations() {}

    static PgdrillWorker.Registered register(Worker worker, PgdrillConfig config) {
        List<String> workflows = new ArrayList<>();
        // Workflow settings come from the worker's configuration, read once at start like everything else.
        BackupWorkflowImpl.Settings backup = new BackupWorkflowImpl.Settings(config.backup().jobs(),
                config.backup().retentionDays());
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, () -> new BackupWorkflowImpl(backup));
        workflows.add(BackupWorkflow.class.getSimpleName());
        RestoreDrillWorkflowImpl.Settings drill = new RestoreDrillWorkflowImpl.Settings(config.drill().target(),
                config.drill().windowDays(), config.backup().jobs());
        worker.registerWorkflowImplementationFactory(RestoreDrillWorkflow.class, () -> new RestoreDrillWorkflowImpl(drill));
        worker.registerWorkflowImplementationTypes(RestoreAndVerifyWorkflowImpl.class);
        workflows.add(RestoreDrillWorkflow.class.getSimpleName());
        EmergencyRestoreWorkflowImpl.Settings restore = new EmergencyRestoreWorkflowImpl.Settings(config.restore().staging(),
                new ApprovalPolicy(config.approval().phrase(), config.approval().approvers(),
                        config.approval().distinctFromRequester(), config.approval().timeout()),
                config.backup().jobs(), config.restore().reminderEvery());
        worker.registerWorkflowImplementationFactory(EmergencyRestoreWorkflow.class, () -> new EmergencyRestoreWorkflowImpl(restore));
        workflows.add(EmergencyRestoreWorkflow.class.getSimpleName());
        workflows.add(RestoreAndVerifyWorkflow.class.getSimpleName());

        List<Object> activities = List.of(new CatalogActivitiesImpl(config), new BackupSourceActivitiesImpl(config),
                new RestoreActivitiesImpl(config), new DatabaseActivitiesImpl(config), new VerificationActivitiesImpl(config));
        worker.registerActivitiesImplementations(activities.toArray());
        return new PgdrillWorker.Registered(workflows,
                activities.stream().map(a -> a.getClass().getSimpleName()).toList());
    }
}
