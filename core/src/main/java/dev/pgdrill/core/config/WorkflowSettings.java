package dev.pgdrill.core.config;

import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.drill.DrillSettings;
import dev.pgdrill.workflows.emergency.ApprovalPolicy;
import dev.pgdrill.workflows.emergency.RestoreSettings;

/**
 * The configuration's values that workflows decide on, copied into each request when a run starts (by the
 * CLI, or by {@code schedules apply} into the schedule's action). The one place that maps config keys to
 * workflow settings: workflow code never reads the configuration, so a file changed while a run is open
 * changes neither its decisions nor its replay.
 */
public final class WorkflowSettings {
    private WorkflowSettings() {}

    public static BackupSettings backup(PgdrillConfig c) {
        return new BackupSettings(c.backup().jobs(), c.backup().retentionDays());
    }

    public static DrillSettings drill(PgdrillConfig c) {
        return new DrillSettings(
                c.drill().target(), c.drill().windowDays(), c.backup().jobs());
    }

    public static RestoreSettings restore(PgdrillConfig c) {
        PgdrillConfig.Approval a = c.approval();
        return new RestoreSettings(
                c.restore().staging(),
                new ApprovalPolicy(
                        a.phrase(), a.approvers(), a.distinctFromRequester(), a.timeout(), a.signatures(), a.keys()),
                c.backup().jobs(),
                c.restore().reminderEvery(),
                c.backup().retentionDays(),
                c.restore().prepareBeforeApproval());
    }
}
