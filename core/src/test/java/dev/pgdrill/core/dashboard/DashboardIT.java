package dev.pgdrill.core.dashboard;

import static dev.pgdrill.testing.SeededHistory.MIB;
import static dev.pgdrill.testing.SeededHistory.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.core.health.MonitorFactsReader;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SeededHistory;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.monitor.AlertChange;
import dev.pgdrill.workflows.monitor.ChangeKind;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.Finding;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import dev.pgdrill.workflows.notify.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's dashboard and Success Metrics table computed from a seeded catalog, section by section. */
@ExtendWith(PostgresExtension.class)
class DashboardIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private Dashboard d;

    DashboardIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("pgdrill_catalog");
        PgdrillConfig config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        Catalog catalog = new Catalog(config.catalogProfile());
        SeededHistory.seed(pg, "pgdrill_catalog", SeededHistory.NEWEST);
        Finding size = new Finding(
                "backup_size:production",
                "backup_size",
                "production",
                Severity.INFO,
                "Backup size increased 10%",
                "m",
                NOW.minus(Duration.ofDays(10)),
                "");
        long info = catalog.alerts()
                .apply(new ChangeRequest(
                        new AlertChange(ChangeKind.OPENED, 0, size, Instant.EPOCH),
                        "r1",
                        NOW.minus(Duration.ofDays(10))));
        catalog.alerts()
                .apply(new ChangeRequest(
                        new AlertChange(ChangeKind.RESOLVED, info, size, NOW.minus(Duration.ofDays(10))),
                        "r2",
                        NOW.minus(Duration.ofDays(9))));
        Finding gap = new Finding(
                "backup_gap:production",
                "backup_gap",
                "production",
                Severity.WARNING,
                "Missed backup days for 'production'",
                "m",
                NOW.minus(Duration.ofDays(2)),
                "");
        catalog.alerts()
                .apply(new ChangeRequest(
                        new AlertChange(ChangeKind.OPENED, 0, gap, Instant.EPOCH),
                        "r3",
                        NOW.minus(Duration.ofDays(2))));
        var facts = new MonitorFactsReader(
                        catalog,
                        ids -> ids.stream()
                                .map(id -> id.startsWith("pgdrill-backup")
                                        ? new ScheduleFact(id, true, false, Instant.parse("2026-01-18T03:00:00Z"))
                                        : new ScheduleFact(id, false, false, Instant.EPOCH))
                                .toList(),
                        dir)
                .read(List.of("production"), WorkflowSettings.monitor(config).schedules(), NOW);
        d = new DashboardBuilder(config, catalog).build(facts);
    }

    @Test
    void lastAndNextBackupAndTheSevenDayHistory() {
        assertThat(d.lastBackup().backupId()).isEqualTo("b00");
        assertThat(d.lastBackup().ageSeconds()).isEqualTo(4 * 3600);
        assertThat(d.lastBackup().sizeBytes()).isEqualTo(150 * MIB);
        assertThat(d.nextBackup().at()).isEqualTo(Instant.parse("2026-01-18T03:00:00Z"));
        assertThat(d.nextBackup().inSeconds()).isEqualTo(20 * 3600);
        assertThat(d.nextBackup().source()).isEqualTo("schedule");
        assertThat(d.history())
                .extracting(Dashboard.Day::date, Dashboard.Day::status, Dashboard.Day::backupId)
                .containsExactly(
                        tuple(LocalDate.parse("2026-01-17"), "COMPLETED", "b00"),
                        tuple(LocalDate.parse("2026-01-16"), "COMPLETED", "b01"),
                        tuple(LocalDate.parse("2026-01-15"), "COMPLETED", "b02"),
                        tuple(LocalDate.parse("2026-01-14"), "FAILED", "b03"),
                        tuple(LocalDate.parse("2026-01-13"), "COMPLETED", "b04"),
                        tuple(LocalDate.parse("2026-01-12"), "COMPLETED", "b05"),
                        tuple(LocalDate.parse("2026-01-11"), "COMPLETED", "b06"));
        assertThat(d.averageSizeBytes()).isEqualTo(Math.round((150 + 149 + 148 + 146 + 145 + 144) / 6.0 * MIB));
        assertThat(d.trend().direction()).isEqualTo("growing");
        assertThat(d.trend().percent()).isEqualTo(4.2);
    }

    @Test
    void lastRestoreTestNextDrillMetricsAndObjectives() {
        assertThat(d.lastDrill().drillId()).isEqualTo("drill-jan");
        assertThat(d.lastDrill().verdict()).isEqualTo("PASS");
        assertThat(d.lastDrill().restoreSeconds()).isEqualTo(720);
        assertThat(d.nextDrill().source())
                .as("no drill schedule: from the cron")
                .isEqualTo("cron");
        assertThat(d.nextDrill().at()).isEqualTo(Instant.parse("2026-02-01T04:00:00Z"));
        assertThat(d.criticalMetrics())
                .extracting(Dashboard.Metric::name, Dashboard.Metric::value, Dashboard.Metric::detail)
                .containsExactly(
                        tuple("Organizations", "3", ""),
                        tuple("Projects", "47", "EUR 1410000.00 total value"),
                        tuple("Users", "12", ""));
        assertThat(d.dataProtectedBytes()).isEqualTo(150 * MIB);
        assertThat(d.rpo()).isEqualTo(new Dashboard.Objective(24 * 3600, 4 * 3600, true));
        assertThat(d.rto()).isEqualTo(new Dashboard.Objective(2 * 3600, 720, true));
        assertThat(d.alerts().critical()).isZero();
        assertThat(d.alerts().warning()).isEqualTo(1);
        assertThat(d.alerts().info()).isEqualTo(1);
        assertThat(d.alerts().open()).isEqualTo(1);
        assertThat(d.findings())
                .extracting(Finding::key)
                .containsExactly(
                        "backup_gap:production",
                        "schedule_missing:pgdrill-drill-production",
                        "schedule_missing:pgdrill-monitor");
    }

    @Test
    void theSuccessMetricsTableOverTheWindow() {
        assertThat(d.successMetrics())
                .extracting(
                        Dashboard.SuccessMetric::name,
                        Dashboard.SuccessMetric::target,
                        Dashboard.SuccessMetric::current,
                        Dashboard.SuccessMetric::status)
                .containsExactly(
                        tuple("Backup Success Rate", "100%", "96.7% (29 of 30 backups)", "MISSED"),
                        tuple("Backup Completion Time", "< 10m", "p50 5m, max 12m", "MISSED"),
                        tuple("Restore Test Success", "100%", "100% (1 of 1 drills)", "OK"),
                        tuple("Recovery Time (RTO)", "< 2h", "12m (drill-jan)", "OK"),
                        tuple("Data Loss Window (RPO)", "< 24h", "4h now, worst 2d in the window", "MISSED"),
                        tuple("Monthly Drill Completion", "100%", "100% (2 of 2 months)", "OK"));
        assertThat(d.charts().backups()).hasSize(29).first().satisfies(p -> assertThat(p.backupId())
                .isEqualTo("b29"));
        assertThat(d.charts().drills())
                .extracting(Dashboard.DrillPoint::drillId)
                .containsExactly("drill-dec", "drill-jan");
    }

    @Test
    void theJsonHasEverySection() throws Exception {
        var json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(d));
        assertThat(json.fieldNames())
                .toIterable()
                .contains(
                        "lastBackup",
                        "nextBackup",
                        "history",
                        "averageSizeBytes",
                        "trend",
                        "lastDrill",
                        "nextDrill",
                        "criticalMetrics",
                        "dataProtectedBytes",
                        "rpo",
                        "rto",
                        "alerts",
                        "successMetrics",
                        "findings");
        assertThat(json.get("lastBackup").get("startedAt").asText()).isEqualTo("2026-01-17T03:00:00Z");
    }
}
