package dev.pgdrill.core.dashboard;

import dev.pgdrill.core.catalog.AlertRow;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.config.CronSchedule;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.monitor.BackupFact;
import dev.pgdrill.workflows.monitor.DrillFact;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.MonitorRules;
import dev.pgdrill.workflows.monitor.ProfileFacts;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the dashboard from the catalog and the monitor's facts (which carry the schedules): the CLI's
 * {@code pgdrill status} and the worker's page and JSON show the same thing.
 */
public final class DashboardBuilder {
    private static final int HISTORY_DAYS = 7;
    private static final Duration ALERTS_WINDOW = Duration.ofDays(30);
    private static final int RECENT_ALERTS = 10;

    private final PgdrillConfig cfg;
    private final Catalog catalog;

    public DashboardBuilder(PgdrillConfig cfg, Catalog catalog) {
        this.cfg = cfg;
        this.catalog = catalog;
    }

    public Dashboard build(MonitorFacts facts) {
        Instant now = facts.at();
        String profile = cfg.backup().database();
        Duration window = cfg.dashboard().window();
        Instant windowStart = now.minus(window);
        Instant from = min(windowStart, now.minus(Duration.ofDays(HISTORY_DAYS + 1)));
        List<BackupFact> backups = catalog.health().backups(profile, from);
        Instant monthStart = YearMonth.from(windowStart.atZone(ZoneOffset.UTC))
                .atDay(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        List<DrillFact> drills = catalog.health().drills(profile, min(monthStart, windowStart));
        ProfileFacts p = facts.profiles().stream()
                .filter(x -> x.profile().equals(profile))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no facts about '" + profile + "'"));
        BackupFact newest = p.newestCompleted();
        List<Dashboard.Day> history = history(backups, now);
        List<Long> sizes = history.stream()
                .filter(d -> d.status().equals("COMPLETED"))
                .map(Dashboard.Day::sizeBytes)
                .toList();
        PgdrillConfig.Targets t = cfg.dashboard().targets();
        long age = newest.exists() ? Duration.between(newest.startedAt(), now).toSeconds() : 0;
        DrillFact lastDrill = p.lastDrill();
        AlertRouting routing = WorkflowSettings.alerts(cfg);
        return new Dashboard(
                now,
                profile,
                newest.exists()
                        ? new Dashboard.Backup(
                                newest.backupId(),
                                newest.status(),
                                newest.startedAt(),
                                age,
                                newest.sizeBytes(),
                                took(newest))
                        : Dashboard.Backup.NONE,
                next(WorkflowIds.backupSchedule(profile), cfg.backup().schedule(), facts, now),
                history,
                sizes.isEmpty()
                        ? 0
                        : Math.round(sizes.stream()
                                .mapToLong(Long::longValue)
                                .average()
                                .orElse(0)),
                trend(sizes),
                lastDrill.exists()
                        ? new Dashboard.Drill(
                                lastDrill.drillId(),
                                lastDrill.backupId(),
                                lastDrill.verdict(),
                                lastDrill.startedAt(),
                                lastDrill.restoreMs() / 1000,
                                routing.runUrl(lastDrill.drillId()))
                        : Dashboard.Drill.NONE,
                next(WorkflowIds.drillSchedule(profile), cfg.drill().schedule(), facts, now),
                catalog.health().metrics(profile).stream()
                        .map(m -> new Dashboard.Metric(m.name(), m.value(), m.detail(), m.drillId(), m.at()))
                        .toList(),
                newest.sizeBytes(),
                new Dashboard.Objective(
                        t.rpo().toSeconds(),
                        age,
                        newest.exists() && age <= t.rpo().toSeconds()),
                new Dashboard.Objective(
                        t.rto().toSeconds(),
                        lastDrill.restoreMs() / 1000,
                        lastDrill.exists()
                                && !lastDrill.failed()
                                && lastDrill.restoreMs() / 1000 <= t.rto().toSeconds()),
                alerts(now),
                SuccessMetrics.table(t, window, now, p.firstBackupAt(), backups, drills),
                MonitorRules.evaluate(facts, WorkflowSettings.monitor(cfg)),
                charts(backups, drills, windowStart));
    }

    /** Each of the last seven UTC days, newest first: its newest completed backup, else a failed one, else none. */
    private static List<Dashboard.Day> history(List<BackupFact> backups, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Dashboard.Day> out = new ArrayList<>();
        for (int d = 0; d < HISTORY_DAYS; d++) {
            LocalDate day = today.minusDays(d);
            List<BackupFact> that = backups.stream()
                    .filter(b ->
                            LocalDate.ofInstant(b.startedAt(), ZoneOffset.UTC).equals(day))
                    .toList();
            BackupFact b = that.stream()
                    .filter(BackupFact::completed)
                    .findFirst()
                    .or(() -> that.stream().filter(BackupFact::failed).findFirst())
                    .orElse(BackupFact.NONE);
            out.add(new Dashboard.Day(
                    day,
                    !b.exists() ? "NONE" : b.completed() ? "COMPLETED" : "FAILED",
                    b.backupId(),
                    b.startedAt(),
                    b.sizeBytes(),
                    took(b)));
        }
        return out;
    }

    /** The newest completed size against the oldest in the 7 days (sizes newest first). */
    private static Dashboard.Trend trend(List<Long> sizes) {
        if (sizes.size() < 2 || sizes.get(sizes.size() - 1) == 0) {
            return new Dashboard.Trend("stable", 0);
        }
        double pct = (sizes.get(0) - sizes.get(sizes.size() - 1)) * 100.0 / sizes.get(sizes.size() - 1);
        double rounded = Math.round(pct * 10) / 10.0;
        return new Dashboard.Trend(rounded >= 1 ? "growing" : rounded <= -1 ? "shrinking" : "stable", rounded);
    }

    /** Temporal's next action; from the configured cron when Temporal did not answer or has no such schedule. */
    private static Dashboard.NextRun next(String scheduleId, String cron, MonitorFacts facts, Instant now) {
        ScheduleFact s = facts.schedules().stream()
                .filter(f -> f.scheduleId().equals(scheduleId) && f.exists())
                .findFirst()
                .orElse(null);
        if (s != null && s.paused()) {
            return new Dashboard.NextRun(scheduleId, Instant.EPOCH, 0, "paused");
        }
        if (s != null && !Instant.EPOCH.equals(s.nextRun())) {
            return new Dashboard.NextRun(
                    scheduleId, s.nextRun(), Duration.between(now, s.nextRun()).toSeconds(), "schedule");
        }
        Instant at = CronSchedule.parse(cron).next(now, 1).get(0);
        return new Dashboard.NextRun(scheduleId, at, Duration.between(now, at).toSeconds(), "cron");
    }

    private Dashboard.Alerts alerts(Instant now) {
        List<AlertRow> rows = catalog.alerts().since(now.minus(ALERTS_WINDOW));
        return new Dashboard.Alerts(
                count(rows, Severity.CRITICAL),
                count(rows, Severity.WARNING),
                count(rows, Severity.INFO),
                (int) rows.stream().filter(AlertRow::open).count(),
                openBySeverity(rows),
                rows.stream()
                        .limit(RECENT_ALERTS)
                        .map(a -> new Dashboard.AlertItem(
                                a.alertId(),
                                a.finding().severity().key(),
                                a.finding().title(),
                                a.finding().message(),
                                a.openedAt(),
                                a.resolvedAt().orElse(Instant.EPOCH)))
                        .toList());
    }

    private static Dashboard.Charts charts(List<BackupFact> backups, List<DrillFact> drills, Instant from) {
        return new Dashboard.Charts(
                backups.stream()
                        .filter(b -> b.completed() && !b.startedAt().isBefore(from))
                        .sorted(Comparator.comparing(BackupFact::startedAt))
                        .map(b -> new Dashboard.BackupPoint(
                                LocalDate.ofInstant(b.startedAt(), ZoneOffset.UTC),
                                b.backupId(),
                                b.sizeBytes(),
                                took(b)))
                        .toList(),
                drills.stream()
                        .sorted(Comparator.comparing(DrillFact::startedAt))
                        .map(d ->
                                new Dashboard.DrillPoint(d.startedAt(), d.drillId(), d.verdict(), d.restoreMs() / 1000))
                        .toList());
    }

    private static Map<String, Integer> openBySeverity(List<AlertRow> rows) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            out.put(s.key(), count(rows.stream().filter(AlertRow::open).toList(), s));
        }
        return out;
    }

    private static int count(List<AlertRow> rows, Severity s) {
        return (int) rows.stream().filter(a -> a.finding().severity() == s).count();
    }

    private static long took(BackupFact b) {
        return Instant.EPOCH.equals(b.finishedAt())
                ? 0
                : Duration.between(b.startedAt(), b.finishedAt()).toSeconds();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
