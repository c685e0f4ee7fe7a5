package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.workflows.activities.PruneResult.Decision;
import dev.pgdrill.workflows.backup.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which backups retention removes. Past the window go, except: the newest COMPLETED backup (whatever
 * its age: a stalled schedule must not leave nothing to restore), backups marked keep, and backups a
 * running restore or drill holds. RUNNING backups are never touched.
 */
public final class RetentionPolicy {
    private RetentionPolicy() {}

    public record Plan(List<Decision> remove, List<Decision> keep) {}

    public static Plan plan(List<BackupRow> backups, Map<String, List<String>> holds, Instant now, int retentionDays) {
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        Optional<String> newestCompleted = backups.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETED)
                .max(Comparator.comparing(BackupRow::startedAt).thenComparing(BackupRow::backupId))
                .map(BackupRow::backupId);
        List<Decision> remove = new ArrayList<>();
        List<Decision> keep = new ArrayList<>();
        for (BackupRow b : backups) {
            boolean expired = b.startedAt().isBefore(cutoff);
            if (!expired || b.status() == BackupStatus.RUNNING || b.status() == BackupStatus.PRUNED) {
                continue;
            }
            if (newestCompleted.isPresent() && newestCompleted.get().equals(b.backupId())) {
                keep.add(new Decision(b.backupId(), "newest completed backup, kept whatever its age"));
            } else if (b.keep()) {
                keep.add(new Decision(b.backupId(), "marked keep by an operator"));
            } else if (holds.containsKey(b.backupId())) {
                keep.add(new Decision(b.backupId(), "in use by " + String.join(", ", holds.get(b.backupId()))));
            } else {
                remove.add(new Decision(
                        b.backupId(),
                        b.status().name().toLowerCase() + " backup older than " + retentionDays + " days (taken "
                                + b.startedAt() + ")"));
            }
        }
        return new Plan(remove, keep);
    }
}
