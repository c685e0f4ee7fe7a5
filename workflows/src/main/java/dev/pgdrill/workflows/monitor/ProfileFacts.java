package dev.pgdrill.workflows.monitor;

import java.time.Instant;
import java.util.List;

/**
 * What the catalog says about one backed-up profile.
 *
 * @param recentBackups   its regular backups (scheduled and manual, not pre-restore snapshots) started in the
 *                        last {@link MonitorFacts#HISTORY_DAYS} days, newest first
 * @param newestCompleted its newest COMPLETED regular backup of any age, or {@link BackupFact#NONE}
 * @param firstBackupAt   when its first backup ever started ({@link Instant#EPOCH}: never): days before it are
 *                        not gaps
 * @param lastDrill       its newest drill, or {@link DrillFact#NONE}
 */
public record ProfileFacts(
        String profile,
        List<BackupFact> recentBackups,
        BackupFact newestCompleted,
        Instant firstBackupAt,
        DrillFact lastDrill) {
    public ProfileFacts {
        recentBackups = recentBackups == null ? List.of() : List.copyOf(recentBackups);
    }
}
