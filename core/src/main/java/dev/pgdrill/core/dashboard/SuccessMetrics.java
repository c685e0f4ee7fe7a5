package dev.pgdrill.core.dashboard;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.monitor.BackupFact;
import dev.pgdrill.workflows.monitor.DrillFact;
import dev.pgdrill.workflows.monitor.Human;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runbook's Success Metrics table over a window, from recorded runs only: backup success rate, backup
 * completion time, restore test success, RTO, RPO, monthly drill completion; each with target, current, status.
 */
final class SuccessMetrics {
    static final String OK = "OK";
    static final String MISSED = "MISSED";
    static final String NO_DATA = "NO_DATA";

    private SuccessMetrics() {}

    /**
     * @param backups regular backups started since the window's start or earlier, newest first
     * @param drills  drills started since the first day of the window's first month or earlier, newest first
     * @param since   when pgdrill started on this profile (its first backup, {@code Instant.EPOCH} if none)
     */
    static List<Dashboard.SuccessMetric> table(
            PgdrillConfig.Targets t,
            Duration window,
            Instant now,
            Instant since,
            List<BackupFact> backups,
            List<DrillFact> drills) {
        Instant from = now.minus(window);
        List<BackupFact> inWindow = backups.stream()
                .filter(b -> !b.startedAt().isBefore(from) && !"RUNNING".equals(b.status()))
                .toList();
        List<BackupFact> completed =
                inWindow.stream().filter(BackupFact::completed).toList();
        List<DrillFact> drillsInWindow =
                drills.stream().filter(d -> !d.startedAt().isBefore(from)).toList();
        List<Dashboard.SuccessMetric> out = new ArrayList<>();
        out.add(rate("Backup Success Rate", t.backupSuccessRate(), completed.size(), inWindow.size(), "backups"));
        out.add(completionTime(t.backupDuration(), completed));
        long passed = drillsInWindow.stream().filter(d -> !d.failed()).count();
        out.add(rate("Restore Test Success", t.restoreTestSuccess(), passed, drillsInWindow.size(), "drills"));
        out.add(rto(t.rto(), drills));
        out.add(rpo(t.rpo(), now, backups, from));
        out.add(monthlyDrills(t.drillCompletion(), from, now, since, drills));
        return out;
    }

    private static Dashboard.SuccessMetric rate(String name, int target, long good, long total, String what) {
        if (total == 0) {
            return new Dashboard.SuccessMetric(name, target + "%", "no " + what + " in the window", NO_DATA);
        }
        double pct = good * 100.0 / total;
        return new Dashboard.SuccessMetric(
                name,
                target + "%",
                percent(pct) + " (" + good + " of " + total + " " + what + ")",
                pct + 1e-9 >= target ? OK : MISSED);
    }

    private static Dashboard.SuccessMetric completionTime(Duration target, List<BackupFact> completed) {
        String name = "Backup Completion Time";
        List<Duration> took = completed.stream()
                .filter(b -> !Instant.EPOCH.equals(b.finishedAt()))
                .map(b -> Duration.between(b.startedAt(), b.finishedAt()))
                .sorted()
                .toList();
        if (took.isEmpty()) {
            return new Dashboard.SuccessMetric(name, "< " + Human.duration(target), "no completed backup", NO_DATA);
        }
        Duration max = took.get(took.size() - 1);
        return new Dashboard.SuccessMetric(
                name,
                "< " + Human.duration(target),
                "p50 " + Human.duration(took.get((took.size() - 1) / 2)) + ", max " + Human.duration(max),
                max.compareTo(target) <= 0 ? OK : MISSED);
    }

    private static Dashboard.SuccessMetric rto(Duration target, List<DrillFact> drills) {
        String name = "Recovery Time (RTO)";
        if (drills.isEmpty()) {
            return new Dashboard.SuccessMetric(name, "< " + Human.duration(target), "no drill yet", NO_DATA);
        }
        DrillFact last = drills.get(0);
        Duration restore = Duration.ofMillis(last.restoreMs());
        return new Dashboard.SuccessMetric(
                name,
                "< " + Human.duration(target),
                Human.duration(restore) + " (" + last.drillId() + ")",
                !last.failed() && restore.compareTo(target) <= 0 ? OK : MISSED);
    }

    /** The worst data loss window: the longest stretch without a completed backup in the window, or now. */
    private static Dashboard.SuccessMetric rpo(Duration target, Instant now, List<BackupFact> backups, Instant from) {
        String name = "Data Loss Window (RPO)";
        List<Instant> starts = backups.stream()
                .filter(BackupFact::completed)
                .map(BackupFact::startedAt)
                .sorted()
                .toList();
        if (starts.isEmpty()) {
            return new Dashboard.SuccessMetric(name, "< " + Human.duration(target), "no completed backup", NO_DATA);
        }
        Duration current = Duration.between(starts.get(starts.size() - 1), now);
        Duration worst = current;
        for (int i = 1; i < starts.size(); i++) {
            if (!starts.get(i).isBefore(from)) {
                Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
                worst = gap.compareTo(worst) > 0 ? gap : worst;
            }
        }
        return new Dashboard.SuccessMetric(
                name,
                "< " + Human.duration(target),
                Human.duration(current) + " now, worst " + Human.duration(worst) + " in the window",
                worst.compareTo(target) <= 0 ? OK : MISSED);
    }

    /**
     * Months the window touches that are over or already had a drill; of those, how many had one. A month
     * before pgdrill's first backup or drill on the profile is nobody's miss, so a fresh install does not
     * start at 50%.
     */
    private static Dashboard.SuccessMetric monthlyDrills(
            int target, Instant from, Instant now, Instant since, List<DrillFact> drills) {
        String name = "Monthly Drill Completion";
        Instant start = drills.stream()
                .map(DrillFact::startedAt)
                .reduce(since.equals(Instant.EPOCH) ? now : since, (a, b) -> a.isBefore(b) ? a : b);
        YearMonth first = YearMonth.from((start.isAfter(from) ? start : from).atZone(ZoneOffset.UTC));
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        int counted = 0;
        int done = 0;
        for (YearMonth m = first; !m.isAfter(current); m = m.plusMonths(1)) {
            YearMonth month = m;
            boolean drilled = drills.stream()
                    .anyMatch(d ->
                            YearMonth.from(d.startedAt().atZone(ZoneOffset.UTC)).equals(month));
            if (drilled || month.isBefore(current)) {
                counted++;
                done += drilled ? 1 : 0;
            }
        }
        if (counted == 0) {
            return new Dashboard.SuccessMetric(name, target + "%", "no month to judge yet", NO_DATA);
        }
        double pct = done * 100.0 / counted;
        return new Dashboard.SuccessMetric(
                name,
                target + "%",
                percent(pct) + " (" + done + " of " + counted + " months)",
                pct + 1e-9 >= target ? OK : MISSED);
    }

    static String percent(double pct) {
        return pct == Math.rint(pct)
                ? String.format(Locale.ROOT, "%.0f%%", pct)
                : String.format(Locale.ROOT, "%.1f%%", pct);
    }
}
