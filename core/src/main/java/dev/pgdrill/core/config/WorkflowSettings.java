package dev.pgdrill.core.config;

import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.DrillAfter;
import dev.pgdrill.workflows.drill.DrillSettings;
import dev.pgdrill.workflows.emergency.ApprovalPolicy;
import dev.pgdrill.workflows.emergency.RestoreSettings;
import dev.pgdrill.workflows.fleet.FleetRequest;
import dev.pgdrill.workflows.monitor.MonitorSettings;
import dev.pgdrill.workflows.notify.AlertRouting;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** A backup of {@code profile} drills itself right after when drill.afterEveryBackup is on and it is drilled. */
    public static DrillAfter drillAfter(PgdrillConfig c, String profile) {
        return c.drill().afterEveryBackup() && c.drill().databases().contains(profile)
                ? new DrillAfter(true, false, drill(c, profile))
                : DrillAfter.NONE;
    }

    /** Every backed-up database, {@code fleet.maxConcurrent} at a time. */
    public static FleetRequest backupFleet(PgdrillConfig c, String runKind, String requestedBy) {
        return new FleetRequest(
                FleetRequest.BACKUP,
                c.backup().databases(),
                c.fleet().maxConcurrent(),
                runKind,
                requestedBy,
                FleetRequest.each(c.backup().databases(), p -> backup(c, p)),
                new DrillAfter(c.drill().afterEveryBackup(), true, drill(c)),
                c.drill().databases(),
                FleetRequest.each(c.backup().databases(), p -> drill(c, p)),
                false);
    }

    /** Every database of drill.databases, {@code fleet.maxConcurrent} at a time. */
    public static FleetRequest drillFleet(PgdrillConfig c, String requestedBy, boolean latest) {
        return new FleetRequest(
                FleetRequest.DRILL,
                c.drill().databases(),
                c.fleet().maxConcurrent(),
                "manual",
                requestedBy,
                Map.of(),
                DrillAfter.NONE,
                List.of(),
                FleetRequest.each(c.drill().databases(), p -> drill(c, p)),
                latest);
    }

    /**
     * The schedule that backs {@code profile} up: one per database while one is listed (as before fleets), one
     * fleet schedule for all of them when several are, so that {@code fleet.maxConcurrent} bounds scheduled runs.
     */
    public static String backupSchedule(PgdrillConfig c, String profile) {
        return c.backup().databases().size() > 1
                ? WorkflowIds.fleetSchedule(FleetRequest.BACKUP)
                : WorkflowIds.backupSchedule(profile);
    }

    /** The schedule that drills {@code profile}: as {@link #backupSchedule}, over drill.databases. */
    public static String drillSchedule(PgdrillConfig c, String profile) {
        return c.drill().databases().size() > 1
                ? WorkflowIds.fleetSchedule(FleetRequest.DRILL)
                : WorkflowIds.drillSchedule(profile);
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
                c.restore().reuseStaging() && sameServerAndRole(c, c.restore().staging(), target),
                c.source(target).kind());
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

    /** The monitor watches every backed-up profile and every schedule {@code schedules apply} makes. */
    public static MonitorSettings monitor(PgdrillConfig c) {
        PgdrillConfig.Monitor m = c.monitor();
        Set<String> schedules = new LinkedHashSet<>();
        c.backup().databases().forEach(p -> schedules.add(backupSchedule(c, p)));
        c.drill().databases().forEach(p -> schedules.add(drillSchedule(c, p)));
        schedules.add(WorkflowIds.monitorSchedule());
        return new MonitorSettings(
                c.backup().databases(),
                List.copyOf(schedules),
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
