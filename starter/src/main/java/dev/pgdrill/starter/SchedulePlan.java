package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Temporal Schedules the configuration asks for, by schedule id. */
final class SchedulePlan {
    /**
     * A run missed while Temporal was down still starts if Temporal is back within this window: a backup
     * six hours late is worth having, one a day late would collide with the next.
     */
    static final Duration CATCHUP = Duration.ofHours(6);

    private static final java.util.regex.Pattern NOTE_CRON = java.util.regex.Pattern.compile("cron \"([^\"]+)\"");

    private SchedulePlan() {}

    /** The cron expression apply wrote into a schedule's note, or empty. */
    static String cronFromNote(String note) {
        java.util.regex.Matcher m = NOTE_CRON.matcher(note == null ? "" : note);
        return m.find() ? m.group(1) : "";
    }

    static Map<String, Schedule> desired(PgdrillConfig cfg) {
        Map<String, Schedule> out = new LinkedHashMap<>();
        String profile = cfg.backup().database();
        out.put(WorkflowIds.backupSchedule(profile), schedule(cfg.backup().schedule(), ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(BackupWorkflow.class)
                .setArguments(new BackupRequest(profile, "scheduled", "schedule", WorkflowSettings.backup(cfg)))
                .setOptions(WorkflowOptions.newBuilder()
                        // The schedule appends the scheduled time, so each run's id is unique and findable.
                        .setWorkflowId(WorkflowIds.scheduledBackup(profile))
                        .setTaskQueue(cfg.temporal().taskQueue())
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(PgdrillSearchAttributes.DATABASE, profile).build())
                        .setStaticSummary("Scheduled backup of '" + profile + "'")
                        // Set both: SDK 1.38 fails to decode a schedule whose action has a summary but no details.
                        .setStaticDetails("pg_dump of profile '" + profile + "' into the repository, then retention ("
                                + cfg.backup().retentionDays() + " days)")
                        .build())
                .build(), "backup of '" + profile + "'"));
        out.put(WorkflowIds.drillSchedule(profile), schedule(cfg.drill().schedule(), ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RestoreDrillWorkflow.class)
                .setArguments(new DrillRequest(profile, "", false, "schedule", WorkflowSettings.drill(cfg)))
                .setOptions(WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.scheduledDrill(profile))
                        .setTaskQueue(cfg.temporal().taskQueue())
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(PgdrillSearchAttributes.DATABASE, profile).build())
                        .setStaticSummary("Scheduled restore drill of '" + profile + "'")
                        .setStaticDetails("a random COMPLETED backup of the last " + cfg.drill().windowDays()
                                + " days, restored into '" + cfg.drill().target() + "', verified, dropped")
                        .build())
                .build(), "restore drill of '" + profile + "'"));
        return out;
    }

    private static Schedule schedule(String cron, ScheduleActionStartWorkflow action, String note) {
        return Schedule.newBuilder()
                .setAction(action)
                .setSpec(ScheduleSpec.newBuilder().setCronExpressions(java.util.List.of(cron)).setTimeZoneName("UTC").build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(CATCHUP)
                        .build())
                // The server keeps cron as calendar specs; the note keeps the operator's own words for list.
                .setState(ScheduleState.newBuilder().setNote(note + ", cron \"" + cron + "\" UTC; managed by pgdrill schedules apply").build())
                .build();
    }
}
