package dev.pgdrill.worker;

import dev.pgdrill.activities.backup.BackupSourceActivitiesImpl;
import dev.pgdrill.activities.catalog.CatalogActivitiesImpl;
import dev.pgdrill.activities.external.ExternalBackupActivitiesImpl;
import dev.pgdrill.activities.monitor.MonitorActivitiesImpl;
import dev.pgdrill.activities.notify.NotificationActivitiesImpl;
import dev.pgdrill.activities.physical.ClusterSwitchActivitiesImpl;
import dev.pgdrill.activities.physical.PhysicalRestoreActivitiesImpl;
import dev.pgdrill.activities.provider.ProviderRestoreActivitiesImpl;
import dev.pgdrill.activities.restore.DatabaseActivitiesImpl;
import dev.pgdrill.activities.restore.RestoreActivitiesImpl;
import dev.pgdrill.activities.verify.VerificationActivitiesImpl;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflowImpl;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflowImpl;
import dev.pgdrill.workflows.fleet.FleetWorkflowImpl;
import dev.pgdrill.workflows.monitor.BackupMonitorWorkflowImpl;
import dev.pgdrill.workflows.notify.AlertsTestWorkflowImpl;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.source.ListBackupsWorkflowImpl;
import dev.pgdrill.workflows.verify.VerifyBackupWorkflowImpl;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.worker.Worker;
import java.util.List;

/**
 * Everything this worker serves. Workflow implementations take no configuration: what they decide on
 * arrives in their requests. Only the activities (the I/O) see the worker's configuration.
 */
final class Registrations {
    static final List<Class<?>> WORKFLOWS = List.of(
            BackupWorkflowImpl.class,
            RestoreDrillWorkflowImpl.class,
            RestoreAndVerifyWorkflowImpl.class,
            EmergencyRestoreWorkflowImpl.class,
            VerifyBackupWorkflowImpl.class,
            BackupMonitorWorkflowImpl.class,
            AlertsTestWorkflowImpl.class,
            ListBackupsWorkflowImpl.class,
            FleetWorkflowImpl.class);

    private Registrations() {}

    /** @param schedules what the monitor asks whether pgdrill's schedules exist and run */
    static PgdrillWorker.Registered register(Worker worker, PgdrillConfig config, ScheduleClient schedules) {
        worker.registerWorkflowImplementationTypes(WORKFLOWS.toArray(Class<?>[]::new));
        List<Object> activities = activities(config, schedules);
        worker.registerActivitiesImplementations(activities.toArray());
        return new PgdrillWorker.Registered(
                WORKFLOWS.stream()
                        .map(c -> c.getSimpleName().replace("Impl", ""))
                        .toList(),
                activities.stream().map(a -> a.getClass().getSimpleName()).toList());
    }

    static List<Object> activities(PgdrillConfig config, ScheduleClient schedules) {
        return List.of(
                new CatalogActivitiesImpl(config),
                new BackupSourceActivitiesImpl(config),
                new RestoreActivitiesImpl(config),
                new DatabaseActivitiesImpl(config),
                new VerificationActivitiesImpl(config),
                new ExternalBackupActivitiesImpl(config),
                new PhysicalRestoreActivitiesImpl(config),
                new ClusterSwitchActivitiesImpl(config),
                new ProviderRestoreActivitiesImpl(config),
                new MonitorActivitiesImpl(config, schedules),
                new NotificationActivitiesImpl(config));
    }
}
