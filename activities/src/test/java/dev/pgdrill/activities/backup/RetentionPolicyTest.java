package dev.pgdrill.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.catalog.BackupRow;
import dev.pgdrill.workflows.activities.PruneResult.Decision;
import dev.pgdrill.workflows.backup.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-20T03:00:00Z");

    private static BackupRow backup(String id, int daysAgo, BackupStatus status, boolean keep) {
        return new BackupRow(
                id,
                "production",
                "scheduled",
                "pg_dump",
                status,
                NOW.minus(Duration.ofDays(daysAgo)),
                Optional.empty(),
                100,
                false,
                keep,
                "",
                4);
    }

    private static List<String> ids(List<Decision> ds) {
        return ds.stream().map(Decision::backupId).toList();
    }

    @Test
    void removesBackupsOlderThanTheWindowAndKeepsYoungerOnes() {
        var plan = RetentionPolicy.plan(
                List.of(
                        backup("d1", 1, BackupStatus.COMPLETED, false),
                        backup("d6", 6, BackupStatus.COMPLETED, false),
                        backup("d8", 8, BackupStatus.COMPLETED, false),
                        backup("d9", 9, BackupStatus.FAILED, false)),
                Map.of(),
                NOW,
                7);
        assertThat(ids(plan.remove())).containsExactlyInAnyOrder("d8", "d9");
        assertThat(plan.remove())
                .filteredOn(d -> d.backupId().equals("d8"))
                .singleElement()
                .extracting(Decision::reason)
                .asString()
                .contains("older than 7 days");
        assertThat(plan.keep()).isEmpty();
    }

    @Test
    void neverRemovesTheNewestCompletedBackupWhateverItsAge() {
        var plan = RetentionPolicy.plan(
                List.of(
                        backup("old-ok", 30, BackupStatus.COMPLETED, false),
                        backup("older-ok", 31, BackupStatus.COMPLETED, false),
                        backup("newer-failed", 2, BackupStatus.FAILED, false)),
                Map.of(),
                NOW,
                7);
        assertThat(ids(plan.keep())).containsExactly("old-ok");
        assertThat(ids(plan.remove())).containsExactly("older-ok");
    }

    @Test
    void keepsBackupsMarkedKeepAndThoseHeldByARunningRestore() {
        var plan = RetentionPolicy.plan(
                List.of(
                        backup("new", 1, BackupStatus.COMPLETED, false),
                        backup("kept", 20, BackupStatus.COMPLETED, true),
                        backup("held", 21, BackupStatus.COMPLETED, false),
                        backup("gone", 22, BackupStatus.COMPLETED, false)),
                Map.of("held", List.of("emergency-restore-production")),
                NOW,
                7);
        assertThat(ids(plan.remove())).containsExactly("gone");
        assertThat(plan.keep())
                .extracting(Decision::reason)
                .containsExactly("marked keep by an operator", "in use by emergency-restore-production");
    }

    @Test
    void leavesRunningAndAlreadyPrunedBackupsAlone() {
        var plan = RetentionPolicy.plan(
                List.of(
                        backup("new", 1, BackupStatus.COMPLETED, false),
                        backup("running", 10, BackupStatus.RUNNING, false),
                        backup("pruned", 10, BackupStatus.PRUNED, false)),
                Map.of(),
                NOW,
                7);
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.keep()).isEmpty();
    }
}
