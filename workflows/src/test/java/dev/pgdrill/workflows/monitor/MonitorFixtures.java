package dev.pgdrill.workflows.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Facts as the catalog would give them: daily backups of 'production', a drill, the schedules. */
final class MonitorFixtures {
    static final MonitorSettings SETTINGS = new MonitorSettings(
            List.of("production"),
            List.of("pgdrill-backup-production", "pgdrill-drill-production"),
            Duration.ofHours(26),
            20,
            Duration.ofDays(35),
            1L << 30,
            Duration.ofHours(24));

    private MonitorFixtures() {}

    static BackupFact completed(String id, Instant at, long size) {
        return new BackupFact(id, "COMPLETED", "scheduled", at, at.plusSeconds(60), size, "");
    }

    /** One completed backup a day at the time of {@code newest}, back {@code days} days, all {@code size}. */
    static List<BackupFact> daily(Instant newest, int days, long size) {
        List<BackupFact> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant at = newest.minus(Duration.ofDays(d));
            out.add(completed("b" + d, at, size));
        }
        return out;
    }

    static ProfileFacts profile(List<BackupFact> backups, DrillFact drill) {
        BackupFact newest =
                backups.stream().filter(BackupFact::completed).findFirst().orElse(BackupFact.NONE);
        Instant first = backups.isEmpty()
                ? Instant.EPOCH
                : backups.get(backups.size() - 1).startedAt();
        return new ProfileFacts("production", backups, newest, first, drill);
    }

    static DrillFact passedDrill(Instant at) {
        return new DrillFact("drill-1", "b1", "PASS", at, 60_000, List.of());
    }

    static MonitorFacts healthyAt(Instant now, Instant newestBackup) {
        return new MonitorFacts(
                now,
                List.of(profile(daily(newestBackup, 8, 100_000_000), passedDrill(now.minus(Duration.ofDays(3))))),
                true,
                List.of(
                        new ScheduleFact("pgdrill-backup-production", true, false, now.plusSeconds(3600)),
                        new ScheduleFact("pgdrill-drill-production", true, false, now.plusSeconds(86_400))),
                new RepositoryFact("/backups", 50L << 30, 100L << 30));
    }
}
