package dev.pgdrill.core.config;

import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.drill.DrillSettings;
import dev.pgdrill.workflows.emergency.ApprovalPolicy;
import dev.pgdrill.workflows.emergency.RestoreSettings;
import dev.pgdrill.workflows.monitor.MonitorSettings;
import dev.pgdrill.workflows.notify.AlertRouting;
import java.util.List;

/**
 * The configuration's values that workflows decide on, copied into each request when a run starts (by the
 * CLI, or by {@code schedules apply} into the schedule's action). The one place that maps config keys to
 * workflow settings: workflow code never reads the configuration, so a file changed while a run is open
 * changes neither its decisions nor its replay.
 */
public final class WorkflowSettings {
    private WorkflowSettings() {}

    public static BackupSettings backup(PgdrillConfig c) {
        return backup(c, c.backup().database());
    }

    /** A backup of {@code profile}: its source decides pg_dump or {@code pgbackrest backup}. */
    public static BackupSettings backup(PgdrillConfig c, String profile) {
        SourceConfig source = c.source(profile);
        return new BackupSettings(
                c.backup().jobs(),
                c.backup().retentionDays(),
                source.kind(),
                source instanceof SourceConfig.PgBackRest p ? p.backupType() : "full");
    }

    /** A drill of the backed-up profile ({@code backup.database}). */
    public static DrillSettings drill(PgdrillConfig c) {
        return drill(c, c.backup().database());
    }

    /** A drill of {@code profile}: its source's kind decides what is restored where. */
    public static DrillSettings drill(PgdrillConfig c, String profile) {
        return new DrillSettings(
                c.drill().target(),
                c.drill().windowDays(),
                c.backup().jobs(),
                alerts(c),
                c.source(profile).kind());
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
                alerts(c),
                c.restore().prepareBeforeApproval());
    }

    /** The monitor watches the backed-up profile and every schedule {@code schedules apply} makes. */
    public static MonitorSettings monitor(PgdrillConfig c) {
        PgdrillConfig.Monitor m = c.monitor();
        String profile = c.backup().database();
        return new MonitorSettings(
                List.of(profile),
                List.of(
                        WorkflowIds.backupSchedule(profile),
                        WorkflowIds.drillSchedule(profile),
                        WorkflowIds.monitorSchedule()),
                m.maxBackupAge(),
                m.sizeChangePercent(),
                m.maxDrillAge(),
                m.minFreeBytes(),
                m.renotifyAfter());
    }

    /** The channels and their severities, and the links' bases: never a channel's URL or password. */
    public static AlertRouting alerts(PgdrillConfig c) {
        return new AlertRouting(
                c.alerts().routes(),
                c.temporal().uiUrl(),
                c.temporal().namespace(),
                c.dashboard().url());
    }
}
