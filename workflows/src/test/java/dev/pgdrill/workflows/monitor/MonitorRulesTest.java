package dev.pgdrill.workflows.monitor;

import static dev.pgdrill.workflows.monitor.MonitorFixtures.SETTINGS;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.completed;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.daily;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.healthyAt;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.passedDrill;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-17T07:00:00Z");
    private static final Instant TODAY_3AM = Instant.parse("2026-01-17T03:00:00Z");

    private static MonitorFacts with(ProfileFacts p) {
        MonitorFacts h = healthyAt(NOW, TODAY_3AM);
        return new MonitorFacts(NOW, List.of(p), true, h.schedules(), h.repository());
    }

    private static Finding only(List<Finding> findings, String check) {
        assertThat(findings).extracting(Finding::check).containsOnlyOnce(check);
        return findings.stream()
                .filter(f -> f.check().equals(check))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void healthyBackupsDrillsSchedulesAndRepositoryFindNothing() {
        assertThat(MonitorRules.evaluate(healthyAt(NOW, TODAY_3AM), SETTINGS)).isEmpty();
    }

    @Test
    void aBackupOlderThanMaxBackupAgeIsCriticalSinceItCrossedTheLimit() {
        Instant newest = NOW.minus(Duration.ofHours(30));
        Finding f = only(MonitorRules.evaluate(healthyAt(NOW, newest), SETTINGS), "backup_stale");
        assertThat(f.key()).isEqualTo("backup_stale:production");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.since()).isEqualTo(newest.plus(Duration.ofHours(26)));
        assertThat(f.message()).contains("30h old").contains("monitor.maxBackupAge 26h");
        assertThat(f.hint()).isEqualTo("pgdrill backup run --database production --wait");
    }

    @Test
    void noBackupEverIsStaleButNoGap() {
        List<Finding> findings =
                MonitorRules.evaluate(with(profile(List.of(), passedDrill(NOW.minus(Duration.ofDays(1))))), SETTINGS);
        assertThat(only(findings, "backup_stale").title()).isEqualTo("No backup of 'production'");
        assertThat(findings).extracting(Finding::check).doesNotContain("backup_gap", "backup_size");
    }

    @Test
    void aFailedLastBackupIsCriticalWithItsReason() {
        List<BackupFact> backups = new ArrayList<>(daily(TODAY_3AM.minus(Duration.ofDays(1)), 7, 100));
        backups.add(0, new BackupFact("bad", "FAILED", "scheduled", TODAY_3AM, TODAY_3AM, 0, "pg_dump: disk full"));
        Finding f = only(
                MonitorRules.evaluate(with(profile(backups, passedDrill(NOW.minus(Duration.ofDays(1))))), SETTINGS),
                "backup_failed");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("backup bad failed: pg_dump: disk full");
        assertThat(f.since()).isEqualTo(TODAY_3AM);
    }

    @Test
    void daysWithoutACompletedBackupAreGapsButDaysBeforeTheFirstBackupAreNot() {
        List<BackupFact> backups = new ArrayList<>(daily(TODAY_3AM, 6, 100));
        backups.removeIf(b -> b.backupId().equals("b2") || b.backupId().equals("b3"));
        Finding f = only(
                MonitorRules.evaluate(with(profile(backups, passedDrill(NOW.minus(Duration.ofDays(1))))), SETTINGS),
                "backup_gap");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        // The first backup is 5 days old: the two days before it were no gap.
        assertThat(f.message()).contains("on 2026-01-14, 2026-01-15 (UTC");
        assertThat(f.since()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
    }

    @Test
    void aSizeChangeBelowTheLimitIsInformationalAboveItAWarning() {
        for (long size : List.of(110L, 130L, 70L)) {
            List<BackupFact> backups = new ArrayList<>(daily(TODAY_3AM.minus(Duration.ofDays(1)), 7, 100));
            backups.add(0, completed("new", TODAY_3AM, size));
            Finding f = only(
                    MonitorRules.evaluate(with(profile(backups, passedDrill(NOW.minus(Duration.ofDays(1))))), SETTINGS),
                    "backup_size");
            switch ((int) size) {
                case 110 -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.title()).isEqualTo("Backup size increased 10%");
                }
                case 130 -> assertThat(f.severity()).isEqualTo(Severity.WARNING);
                default -> assertThat(f.title()).isEqualTo("Backup size decreased 30%");
            }
        }
        List<BackupFact> same = daily(TODAY_3AM, 8, 100);
        assertThat(MonitorRules.evaluate(with(profile(same, passedDrill(NOW))), SETTINGS))
                .isEmpty();
    }

    @Test
    void aMissingOldOrFailedDrillIsFound() {
        List<BackupFact> backups = daily(TODAY_3AM, 8, 100);
        assertThat(only(MonitorRules.evaluate(with(profile(backups, DrillFact.NONE)), SETTINGS), "drill_stale")
                        .severity())
                .isEqualTo(Severity.WARNING);
        DrillFact old = passedDrill(NOW.minus(Duration.ofDays(40)));
        assertThat(only(MonitorRules.evaluate(with(profile(backups, old)), SETTINGS), "drill_stale")
                        .message())
                .contains("40d ago");
        DrillFact failed = new DrillFact("drill-9", "b1", "FAIL", NOW, 1000, List.of("row_counts", "amcheck"));
        Finding f = only(MonitorRules.evaluate(with(profile(backups, failed)), SETTINGS), "drill_failed");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).endsWith("failed: row_counts, amcheck");
        assertThat(f.hint()).isEqualTo("pgdrill drills show drill-9");
    }

    @Test
    void missingAndPausedSchedulesAreFoundOnlyWhenTemporalAnswered() {
        MonitorFacts h = healthyAt(NOW, TODAY_3AM);
        List<ScheduleFact> schedules = List.of(new ScheduleFact("pgdrill-drill-production", true, true, Instant.EPOCH));
        List<Finding> findings =
                MonitorRules.evaluate(new MonitorFacts(NOW, h.profiles(), true, schedules, h.repository()), SETTINGS);
        assertThat(findings)
                .extracting(Finding::key)
                .containsExactly(
                        "schedule_missing:pgdrill-backup-production", "schedule_paused:pgdrill-drill-production");
        assertThat(findings.get(0).hint()).isEqualTo("pgdrill schedules apply");
        assertThat(MonitorRules.evaluate(
                        new MonitorFacts(NOW, h.profiles(), false, List.of(), h.repository()), SETTINGS))
                .isEmpty();
    }

    @Test
    void aRepositoryBelowMinFreeBytesIsCriticalUnlessTheCheckIsOff() {
        MonitorFacts h = healthyAt(NOW, TODAY_3AM);
        MonitorFacts full = new MonitorFacts(
                NOW, h.profiles(), true, h.schedules(), new RepositoryFact("/backups", 100L << 20, 100L << 30));
        Finding f = only(MonitorRules.evaluate(full, SETTINGS), "repository_space");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).startsWith("100.0 MiB free at /backups");
        MonitorSettings off = new MonitorSettings(
                SETTINGS.profiles(),
                SETTINGS.schedules(),
                SETTINGS.maxBackupAge(),
                SETTINGS.sizeChangePercent(),
                SETTINGS.maxDrillAge(),
                0,
                SETTINGS.renotifyAfter());
        assertThat(MonitorRules.evaluate(full, off)).isEmpty();
    }

    @Test
    void findingsComeWorstFirst() {
        MonitorFacts h = healthyAt(NOW, NOW.minus(Duration.ofDays(3)));
        List<Finding> findings =
                MonitorRules.evaluate(new MonitorFacts(NOW, h.profiles(), true, List.of(), h.repository()), SETTINGS);
        assertThat(findings).extracting(Finding::severity).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(findings.get(0).check()).isEqualTo("backup_stale");
    }
}
