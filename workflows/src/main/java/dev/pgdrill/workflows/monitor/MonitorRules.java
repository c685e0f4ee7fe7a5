package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's rules, the runbook's {@code check-backups.sh}: facts in, findings out. Pure, so the workflow,
 * {@code pgdrill check} and the dashboard all judge alike, and a replay judges as the first run did.
 */
public final class MonitorRules {
    /** The size rule and the gap rule look this far back. */
    static final int WINDOW_DAYS = 7;

    private MonitorRules() {}

    /** Every finding, worst first. */
    public static List<Finding> evaluate(MonitorFacts facts, MonitorSettings s) {
        Instant now = facts.at();
        List<Finding> out = new ArrayList<>();
        for (ProfileFacts p : facts.profiles()) {
            stale(p, now, s.maxBackupAge()).ifPresent(out::add);
            failed(p).ifPresent(out::add);
            gaps(p, now).ifPresent(out::add);
            size(p, s.sizeChangePercent()).ifPresent(out::add);
            out.addAll(drill(p, now, s.maxDrillAge()));
        }
        out.addAll(PlatformRules.evaluate(facts, s));
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::key));
        return out;
    }

    private static Optional<Finding> stale(ProfileFacts p, Instant now, Duration maxAge) {
        BackupFact newest = p.newestCompleted();
        String hint = "pgdrill backup run --database " + p.profile() + " --wait";
        if (!newest.exists()) {
            return Optional.of(Finding.of(
                    "backup_stale",
                    p.profile(),
                    Severity.CRITICAL,
                    "No backup of '" + p.profile() + "'",
                    "the catalog has no completed backup of '" + p.profile() + "'",
                    p.firstBackupAt().equals(Instant.EPOCH) ? now : p.firstBackupAt(),
                    hint));
        }
        Duration age = Duration.between(newest.startedAt(), now);
        if (age.compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(
                "backup_stale",
                p.profile(),
                Severity.CRITICAL,
                "Backup of '" + p.profile() + "' is stale",
                "the newest completed backup of '" + p.profile() + "', " + newest.backupId() + ", is "
                        + Human.duration(age) + " old (monitor.maxBackupAge " + Human.duration(maxAge) + ")",
                newest.startedAt().plus(maxAge),
                hint));
    }

    private static Optional<Finding> failed(ProfileFacts p) {
        return p.recentBackups().stream()
                .filter(b -> !"RUNNING".equals(b.status()))
                .findFirst()
                .filter(BackupFact::failed)
                .map(b -> Finding.of(
                        "backup_failed",
                        p.profile(),
                        Severity.CRITICAL,
                        "Last backup of '" + p.profile() + "' failed",
                        "backup " + b.backupId() + " failed: " + b.failureReason(),
                        b.startedAt(),
                        "pgdrill backups show " + b.backupId() + "; pgdrill backup run --database " + p.profile()
                                + " --wait"));
    }

    /** Days of the last seven (today excluded: its backup may be yet to come) with no completed backup. */
    private static Optional<Finding> gaps(ProfileFacts p, Instant now) {
        if (p.firstBackupAt().equals(Instant.EPOCH)) {
            return Optional.empty(); // no backup ever: the stale rule says so
        }
        LocalDate today = day(now);
        LocalDate first = day(p.firstBackupAt());
        List<LocalDate> missing = new ArrayList<>();
        for (int d = WINDOW_DAYS; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            boolean covered = p.recentBackups().stream()
                    .anyMatch(b -> b.completed() && day(b.startedAt()).equals(day));
            if (!day.isBefore(first) && !covered) {
                missing.add(day);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(
                "backup_gap",
                p.profile(),
                Severity.WARNING,
                "Missed backup days for '" + p.profile() + "'",
                "no completed backup of '" + p.profile() + "' on "
                        + String.join(
                                ", ", missing.stream().map(LocalDate::toString).toList())
                        + " (UTC, last " + WINDOW_DAYS + " days)",
                missing.get(0).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                "pgdrill schedules list; pgdrill backups list --database " + p.profile()));
    }

    /** The newest completed backup against the median of the completed ones in the 7 days before it. */
    private static Optional<Finding> size(ProfileFacts p, int percent) {
        BackupFact newest = p.newestCompleted();
        if (!newest.exists()) {
            return Optional.empty();
        }
        Instant from = newest.startedAt().minus(Duration.ofDays(WINDOW_DAYS));
        List<Long> sizes = p.recentBackups().stream()
                .filter(b -> b.completed()
                        && b.sizeBytes() > 0
                        && b.startedAt().isBefore(newest.startedAt())
                        && !b.startedAt().isBefore(from))
                .map(BackupFact::sizeBytes)
                .sorted()
                .toList();
        if (sizes.isEmpty()) {
            return Optional.empty();
        }
        double median = median(sizes);
        double change = (newest.sizeBytes() - median) * 100.0 / median;
        double magnitude = Math.abs(change);
        if (magnitude < percent / 2.0) {
            return Optional.empty();
        }
        String direction = change > 0 ? "increased" : "decreased";
        long shown = Math.round(magnitude);
        return Optional.of(Finding.of(
                "backup_size",
                p.profile(),
                magnitude > percent ? Severity.WARNING : Severity.INFO,
                "Backup size " + direction + " " + shown + "%",
                "backup " + newest.backupId() + " of '" + p.profile() + "' is " + Human.bytes(newest.sizeBytes())
                        + ", " + shown + "% " + (change > 0 ? "more" : "less") + " than the 7-day median of "
                        + Human.bytes(Math.round(median)) + " (monitor.sizeChangePercent " + percent + ")",
                newest.startedAt(),
                "pgdrill backups show " + newest.backupId()));
    }

    private static List<Finding> drill(ProfileFacts p, Instant now, Duration maxAge) {
        DrillFact last = p.lastDrill();
        List<Finding> out = new ArrayList<>();
        String run = "pgdrill drill run --wait";
        if (!last.exists()) {
            out.add(Finding.of(
                    "drill_stale",
                    p.profile(),
                    Severity.WARNING,
                    "No restore drill of '" + p.profile() + "' yet",
                    "no backup of '" + p.profile() + "' has been proven restorable by a drill",
                    now,
                    run));
            return out;
        }
        Duration age = Duration.between(last.startedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            out.add(Finding.of(
                    "drill_stale",
                    p.profile(),
                    Severity.WARNING,
                    "Restore drill of '" + p.profile() + "' is overdue",
                    "the last drill, " + last.drillId() + ", ran " + Human.duration(age) + " ago (monitor.maxDrillAge "
                            + Human.duration(maxAge) + ")",
                    last.startedAt().plus(maxAge),
                    run));
        }
        if (last.failed()) {
            out.add(Finding.of(
                    "drill_failed",
                    p.profile(),
                    Severity.CRITICAL,
                    "Restore drill of '" + p.profile() + "' failed",
                    "drill " + last.drillId() + (last.backupId().isEmpty() ? "" : " of backup " + last.backupId())
                            + " failed: " + String.join(", ", last.failedChecks()),
                    last.startedAt(),
                    "pgdrill drills show " + last.drillId()));
        }
        return out;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
