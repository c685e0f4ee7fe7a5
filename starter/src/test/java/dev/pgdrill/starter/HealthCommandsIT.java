package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SeededHistory;
import dev.pgdrill.testing.TestConfigs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * pgdrill status and pgdrill check on a seeded catalog (five weeks of backups, one FAILED; two drills), with
 * Temporal unreachable: every section is there, the Success Metrics are the catalog's, the exit codes fit.
 */
@ExtendWith(PostgresExtension.class)
class HealthCommandsIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private String config;
    private final StringWriter out = new StringWriter();

    HealthCommandsIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        pg.createDatabase("pgdrill_catalog");
        Files.writeString(dir.resolve("pw"), PostgresCluster.SUPERUSER_PASSWORD);
        String yaml = TestConfigs.yaml(pg, dir, "127.0.0.1:1")
                        .replace("password: \"${" + TestConfigs.PASSWORD_ENV + "}\"", "passwordFile: pw")
                + "monitor: { minFreeBytes: 0 }\n";
        config = TestConfigs.write(yaml, dir).toString();
        new CatalogMigrator(TestConfigs.parse(yaml, dir).catalogProfile()).migrate();
        SeededHistory.seed(pg, "pgdrill_catalog", Instant.now().minus(Duration.ofHours(4)));
    }

    private int run(String... args) {
        CommandLine cli = PgdrillCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void statusShowsEverySectionOfTheRunbooksDashboard() {
        assertThat(run("status", "--config", config)).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("DATABASE BACKUP HEALTH DASHBOARD: 'production'")
                .contains("Last backup: ✅")
                .contains("Next backup: 🕐")
                .contains("by the configured cron")
                .contains("7-DAY BACKUP HISTORY")
                .contains("❌ FAILED")
                .contains("Average size:")
                .contains("Trend: 📈 growing")
                .contains("LAST RESTORE TEST")
                .contains("✅ PASS  restore 12m  [drill-jan]")
                .contains("Projects: 47 (EUR 1410000.00 total value)")
                .contains("Data protected: 150.0 MiB")
                .contains("RPO: target 24h, now 4h ✅")
                .contains("RTO: target 2h, measured 12m ✅")
                .contains("ALERTS (last 30 days)")
                .containsPattern("Backup Success Rate +100% +96\\.7% \\(29 of 30 backups\\) +❌")
                .containsPattern("Recovery Time \\(RTO\\) +< 2h +12m \\(drill-jan\\) +✅")
                .contains("Missed backup days for 'production'");
    }

    @Test
    void statusJsonIsTheDashboardContract() throws Exception {
        assertThat(run("status", "--config", config, "--json")).isZero();
        JsonNode d = Json.MAPPER.readTree(out.toString());
        assertThat(d.get("lastBackup").get("backupId").asText()).isEqualTo("b00");
        assertThat(d.get("nextBackup").get("source").asText()).isEqualTo("cron");
        assertThat(d.get("history")).hasSize(7);
        assertThat(d.get("successMetrics")).hasSize(6);
        assertThat(d.get("successMetrics").get(0).get("current").asText()).isEqualTo("96.7% (29 of 30 backups)");
        assertThat(d.get("criticalMetrics").get(0).get("name").asText()).isEqualTo("Organizations");
    }

    @Test
    void checkExitsByTheWorstFindingAndSpeaksNagios() throws Exception {
        assertThat(run("check", "--config", config)).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(out.toString())
                .contains("1 finding(s), worst WARNING")
                .contains("WARNING  Missed backup days for 'production'")
                .contains("→ pgdrill schedules list; pgdrill backups list --database production")
                .contains("note: schedules unknown: Temporal at 127.0.0.1:1 did not answer");
        out.getBuffer().setLength(0);
        assertThat(run("check", "--nagios", "--config", config)).isEqualTo(1);
        assertThat(out.toString()).startsWith("PGDRILL WARNING - Missed backup days for 'production'");
        out.getBuffer().setLength(0);
        run("check", "--json", "--config", config);
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertThat(j.get("status").asText()).isEqualTo("WARNING");
        assertThat(j.get("schedulesKnown").asBoolean()).isFalse();
        assertThat(j.get("findings").get(0).get("key").asText()).isEqualTo("backup_gap:production");
    }

    @Test
    void checkWithAnUnreadableCatalogIsNagiosUnknown() throws Exception {
        Files.writeString(Path.of(config), Files.readString(Path.of(config)).replace("pgdrill_catalog", "no_such_db"));
        assertThat(run("check", "--nagios", "--config", config)).isEqualTo(3);
        assertThat(out.toString()).startsWith("PGDRILL UNKNOWN - unable to ");
    }
}
