package dev.pgdrill.starter;

import dev.pgdrill.core.config.CronSchedule;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.fleet.FleetRequest;
import dev.pgdrill.workflows.fleet.FleetWorkflow;
import dev.pgdrill.workflows.monitor.BackupMonitorWorkflow;
import dev.pgdrill.workflows.monitor.MonitorRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverterException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Temporal Schedules the configuration asks for, by schedule id. */
final class SchedulePlan {
    /**
     * A run missed while Temporal was down still starts if Temporal is back within this window: a backup
     * six hours late is worth having, one a day late would collide with the next.
     */
    static final Duration CATCHUP = Duration.ofHours(6);

    /** Memo keys. The memo, unlike the spec the server compiles cron into, gives back what was written. */
    static final String MEMO_CRON = "cron";

    static final String MEMO_TIME_ZONE = "timeZone";
    static final String MEMO_MANAGED_BY = "managedBy";
    static final String MANAGED_BY = "pgdrill schedules apply";

    private SchedulePlan() {}

    /** One schedule apply makes, and the cron it is made from. */
    record Planned(String cron, Schedule schedule) {
        /** Set at creation only: Temporal has no way to change a schedule's memo afterwards. */
        Map<String, Object> memo() {
            return Map.of(MEMO_CRON, cron, MEMO_TIME_ZONE, CronSchedule.TIME_ZONE, MEMO_MANAGED_BY, MANAGED_BY);
        }
    }

    /** The cron a schedule was created from, or empty for one made before pgdrill wrote memos (or by hand). */
    static Optional<String> cronOf(ScheduleDescription d) {
        try {
            // The two-argument getMemo is declared to return Object in SDK 1.38; this form is typed.
            return Optional.ofNullable(d.getMemo(MEMO_CRON, String.class, String.class))
                    .filter(c -> !c.isBlank());
        } catch (DataConverterException notText) {
            return Optional.empty();
        }
    }

    /**
     * One backup and one drill schedule per database while one is listed; one fleet schedule each when several
     * are: a FleetWorkflow that runs a child per database, fleet.maxConcurrent at a time, so twenty databases do
     * not all start pg_dump at 03:00, and each still passes or fails on its own (the monitor reads each
     * database's backups from the catalog, whichever schedule made them).
     */
    static Map<String, Planned> desired(PgdrillConfig cfg) {
        Map<String, Planned> out = new LinkedHashMap<>();
        String profile = cfg.backup().database();
        List<String> backedUp = cfg.backup().databases();
        if (backedUp.size() > 1) {
            out.put(
                    WorkflowIds.fleetSchedule(FleetRequest.BACKUP),
                    schedule(
                            cfg.backup().schedule(),
                            fleetAction(
                                    cfg,
                                    WorkflowSettings.backupFleet(cfg, "scheduled", "schedule"),
                                    "pg_dump of each profile into the repository, then retention ("
                                            + cfg.backup().retentionDays() + " days)"),
                            "backup of " + String.join(", ", backedUp)));
        } else {
            out.put(
                    WorkflowIds.backupSchedule(profile),
                    schedule(
                            cfg.backup().schedule(),
                            ScheduleActionStartWorkflow.newBuilder()
                                    .setWorkflowType(BackupWorkflow.class)
                                    .setArguments(new BackupRequest(
                                            profile,
                                            "scheduled",
                                            "schedule",
                                            WorkflowSettings.backup(cfg, profile),
                                            "",
                                            WorkflowSettings.drillAfter(cfg, profile)))
                                    .setOptions(options(
                                            cfg,
                                            WorkflowIds.scheduledBackup(profile),
                                            profile,
                                            "Scheduled backup of '" + profile + "'",
                                            "pg_dump of profile '" + profile + "' into the repository, then retention ("
                                                    + cfg.backup().retentionDays() + " days)"))
                                    .build(),
                            "backup of '" + profile + "'"));
        }
        List<String> drilled = cfg.drill().databases();
        String drillDetails =
                "a random COMPLETED backup of the last " + cfg.drill().windowDays() + " days, restored into '"
                        + cfg.drill().target() + "', verified, dropped";
        if (drilled.size() > 1) {
            out.put(
                    WorkflowIds.fleetSchedule(FleetRequest.DRILL),
                    schedule(
                            cfg.drill().schedule(),
                            fleetAction(cfg, WorkflowSettings.drillFleet(cfg, "schedule", false), drillDetails),
                            "restore drill of " + String.join(", ", drilled)));
        } else {
            String one = drilled.get(0);
            out.put(
                    WorkflowIds.drillSchedule(one),
                    schedule(
                            cfg.drill().schedule(),
                            ScheduleActionStartWorkflow.newBuilder()
                                    .setWorkflowType(RestoreDrillWorkflow.class)
                                    .setArguments(new DrillRequest(
                                            one, "", false, "schedule", WorkflowSettings.drill(cfg, one)))
                                    .setOptions(options(
                                            cfg,
                                            WorkflowIds.scheduledDrill(one),
                                            one,
                                            "Scheduled restore drill of '" + one + "'",
                                            drillDetails))
                                    .build(),
                            "restore drill of '" + one + "'"));
        }
        out.put(
                WorkflowIds.monitorSchedule(),
                schedule(
                        cfg.monitor().schedule(),
                        ScheduleActionStartWorkflow.newBuilder()
                                .setWorkflowType(BackupMonitorWorkflow.class)
                                .setArguments(new MonitorRequest(
                                        "schedule", WorkflowSettings.monitor(cfg), WorkflowSettings.alerts(cfg)))
                                .setOptions(options(
                                        cfg,
                                        WorkflowIds.scheduledMonitor(),
                                        profile,
                                        "Backup monitor",
                                        "backups, drills, schedules and the repository of '" + profile
                                                + "' checked; alerts opened once, reminded, resolved"))
                                .build(),
                        "backup monitor"));
        return out;
    }

    private static ScheduleActionStartWorkflow fleetAction(PgdrillConfig cfg, FleetRequest request, String details) {
        return ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(FleetWorkflow.class)
                .setArguments(request)
                .setOptions(options(
                        cfg,
                        WorkflowIds.scheduledFleet(request.kind()),
                        FleetRun.FLEET,
                        "Scheduled " + request.kind() + " of "
                                + request.profiles().size() + " databases",
                        details + "; one child run per database, at most " + request.maxConcurrent() + " at a time"))
                .build();
    }

    /** A scheduled run's options; the schedule appends the scheduled time to the id, so each run is findable. */
    private static WorkflowOptions options(
            PgdrillConfig cfg, String workflowId, String profile, String summary, String details) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(cfg.temporal().taskQueue())
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(PgdrillSearchAttributes.DATABASE, profile)
                        .build())
                .setStaticSummary(summary)
                // Set both: SDK 1.38 fails to decode a schedule whose action has a summary but no details.
                .setStaticDetails(details)
                .build();
    }

    private static Planned schedule(String cron, ScheduleActionStartWorkflow action, String note) {
        return new Planned(
                cron,
                Schedule.newBuilder()
                        .setAction(action)
                        .setSpec(ScheduleSpec.newBuilder()
                                .setCronExpressions(List.of(cron))
                                .setTimeZoneName(CronSchedule.TIME_ZONE)
                                .build())
                        .setPolicy(SchedulePolicy.newBuilder()
                                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                                .setCatchupWindow(CATCHUP)
                                .build())
                        // For people in the Temporal UI only; list reads the memo (see Planned.memo).
                        .setState(ScheduleState.newBuilder()
                                .setNote(note + ", cron \"" + cron + "\" " + CronSchedule.TIME_ZONE + "; managed by "
                                        + MANAGED_BY)
                                .build())
                        .build());
    }
}
