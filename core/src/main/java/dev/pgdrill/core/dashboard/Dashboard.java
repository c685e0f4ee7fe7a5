package dev.pgdrill.core.dashboard;

import dev.pgdrill.workflows.monitor.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The runbook's "Database Backup Health Dashboard" and its Success Metrics table, computed from the catalog and
 * the schedules: the JSON contract of {@code pgdrill status --json} and the worker's {@code /api/status}. Times
 * are ISO-8601 UTC, sizes bytes, durations seconds.
 *
 * @param history        the last 7 UTC days, newest first (a day without a backup has status NONE)
 * @param dataProtected  the newest completed backup's size: what a restore brings back
 * @param charts         per-day backup size and duration (the window) and drill restore times, oldest first
 */
public record Dashboard(
        Instant at,
        String profile,
        Backup lastBackup,
        NextRun nextBackup,
        List<Day> history,
        long averageSizeBytes,
        Trend trend,
        Drill lastDrill,
        NextRun nextDrill,
        List<Metric> criticalMetrics,
        long dataProtectedBytes,
        Objective rpo,
        Objective rto,
        Alerts alerts,
        List<SuccessMetric> successMetrics,
        List<Finding> findings,
        Charts charts) {

    /** A backup; {@code backupId} empty when there is none. */
    public record Backup(
            String backupId, String status, Instant startedAt, long ageSeconds, long sizeBytes, long durationSeconds) {
        public static final Backup NONE = new Backup("", "NONE", Instant.EPOCH, 0, 0, 0);
    }

    /**
     * @param source schedule (Temporal's next action), cron (computed from the configuration: Temporal did not
     *               answer, or the schedule is missing) or paused
     */
    public record NextRun(String scheduleId, Instant at, long inSeconds, String source) {}

    /** @param status COMPLETED, FAILED (no completed backup that day) or NONE */
    public record Day(
            LocalDate date, String status, String backupId, Instant startedAt, long sizeBytes, long durationSeconds) {}

    /** @param direction growing, shrinking or stable: the newest completed backup against the oldest of the 7 days */
    public record Trend(String direction, double percent) {}

    /** A drill; {@code drillId} empty when there is none. */
    public record Drill(
            String drillId, String backupId, String verdict, Instant startedAt, long restoreSeconds, String runUrl) {
        public static final Drill NONE = new Drill("", "", "NONE", Instant.EPOCH, 0, "");
    }

    /** @param detail the metric query's second column, e.g. a total value */
    public record Metric(String name, String value, String detail, String drillId, Instant at) {}

    /** A recovery objective: its target, what it is now, and whether that meets it. */
    public record Objective(long targetSeconds, long currentSeconds, boolean met) {}

    /**
     * The alerts open now or opened in the last 30 days, by severity.
     *
     * @param openBySeverity info, warning, critical → how many are open now
     */
    public record Alerts(
            int critical,
            int warning,
            int info,
            int open,
            Map<String, Integer> openBySeverity,
            List<AlertItem> recent) {}

    /** @param resolvedAt {@link Instant#EPOCH} while open */
    public record AlertItem(
            long alertId, String severity, String title, String message, Instant openedAt, Instant resolvedAt) {}

    /** @param status OK, MISSED or NO_DATA */
    public record SuccessMetric(String name, String target, String current, String status) {}

    public record Charts(List<BackupPoint> backups, List<DrillPoint> drills) {}

    public record BackupPoint(LocalDate date, String backupId, long sizeBytes, long durationSeconds) {}

    public record DrillPoint(Instant at, String drillId, String verdict, long restoreSeconds) {}
}
