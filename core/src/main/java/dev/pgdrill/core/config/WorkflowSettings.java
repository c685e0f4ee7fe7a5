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
        return new BackupSettings(c.backup().jobs(), c.backup().retentionDays());
    }

    public static DrillSettings drill(PgdrillConfig c) {
        return new DrillSettings(
                c.drill().target(), c.drill().windowDays(), c.backup().jobs(), alerts(c));
    }

    /** For a restore of the backed-up profile. */
    public static RestoreSettings restore(PgdrillConfig c) {
        return restore(c, c.backup().database());
    }

    /** For a restore of {@code target}: whether its staging database can become the side database is decided here. */
    public static RestoreSettings restore(PgdrillConfig c, String target) {
        PgdrillConfig.Approval a = c.approval();
        return new RestoreSettings(
                c.restore().staging(),
                new ApprovalPolicy(
                        a.phrase(), a.approvers(), a.distinctFromRequester(), a.timeout(), a.signatures(), a.keys()),
                c.backup().jobs(),
                c.restore().reminderEvery(),
                c.backup().retentionDays(),
                alerts(c),
                c.restore().prepareBeforeApproval(),
                c.restore().reuseStaging() && sameServerAndRole(c, c.restore().staging(), target));
    }

    /**
     * Whether two profiles reach the same server as the same role: then a database restored through one can
     * be copied next to the other's database with the rights the switch has anyway.
     */
    static boolean sameServerAndRole(PgdrillConfig c, String a, String b) {
        DatabaseProfile p = c.databases().get(a);
        DatabaseProfile q = c.databases().get(b);
        return p != null
                && q != null
                && p.host().equalsIgnoreCase(q.host())
                && p.port() == q.port()
                && p.user().equals(q.user());
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
