package dev.pgdrill.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgdrill.core.Json;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The worker's /, /api/status, /metrics and /healthz over a seeded catalog; the token; no secret shown. */
@ExtendWith(PostgresExtension.class)
class DashboardServerIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private ServedDashboard served;

    DashboardServerIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        served = new ServedDashboard(pg, dir);
    }

    @AfterEach
    void tearDown() {
        served.close();
    }

    @Test
    void everyEndpointButHealthzWantsTheTokenAsBearerOrBasicPassword() throws Exception {
        assertThat(served.get("/healthz", Optional.empty()).body()).isEqualTo("ok\n");
        for (String path : new String[] {"/", "/api/status", "/metrics"}) {
            HttpResponse<String> r = served.get(path, Optional.empty());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Basic"));
            assertThat(served.get(path, Optional.of("Bearer wrong")).statusCode())
                    .isEqualTo(401);
        }
        String basic =
                Base64.getEncoder().encodeToString(("ops:" + ServedDashboard.TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(served.get("/", Optional.of("Basic " + basic)).statusCode()).isEqualTo(200);
        assertThat(served.get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void apiStatusIsTheDashboardJson() throws Exception {
        HttpResponse<String> r = served.get("/api/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode d = Json.MAPPER.readTree(r.body());
        assertThat(d.get("lastBackup").get("backupId").asText()).isEqualTo("b00");
        assertThat(d.get("lastDrill").get("runUrl").asText())
                .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/drill-jan");
        assertThat(d.get("alerts").get("openBySeverity").get("critical").asInt())
                .isEqualTo(1);
    }

    @Test
    void metricsArePrometheusTextWithPgdrillsGaugesByProfile() throws Exception {
        HttpResponse<String> r = served.get("/metrics");
        assertThat(r.headers().firstValue("Content-Type")).contains(DashboardServer.PROMETHEUS_TEXT);
        assertThat(r.body())
                .contains("# TYPE pgdrill_last_backup_age_seconds gauge")
                .contains("pgdrill_last_backup_age_seconds{profile=\"production\",} 14400.0")
                .contains("pgdrill_last_backup_size_bytes{profile=\"production\",} 1.572864E8")
                .contains("pgdrill_last_backup_success{profile=\"production\",} 1.0")
                .contains("pgdrill_last_backup_timestamp_seconds{profile=\"production\",} 1.7686188E9")
                .contains("pgdrill_last_drill_age_seconds{profile=\"production\",} 615600.0")
                .contains("pgdrill_last_drill_restore_seconds{profile=\"production\",} 720.0")
                .contains("pgdrill_last_drill_success{profile=\"production\",} 1.0")
                .contains("pgdrill_alerts_open{profile=\"production\",severity=\"critical\",} 1.0")
                .contains("pgdrill_alerts_open{profile=\"production\",severity=\"warning\",} 0.0")
                .contains("# TYPE pgdrill_dashboard_errors_total counter");
    }

    @Test
    void thePageShowsEverySectionAndNoSecret() throws Exception {
        String page = served.get("/").body();
        assertThat(page)
                .contains("id=\"last-backup\"", "id=\"next-backup\"", "id=\"history\"", "id=\"average-size\"")
                .contains("id=\"trend\"", "id=\"last-drill\"", "id=\"next-drill\"", "id=\"critical-metrics\"")
                .contains(
                        "id=\"data-protected\"", "id=\"rpo\"", "id=\"rto\"", "id=\"alerts\"", "id=\"success-metrics\"")
                .contains(
                        "<svg id=\"chart-backup-size\"",
                        "<svg id=\"chart-backup-duration\"",
                        "<svg id=\"chart-drill-restore\"")
                .contains("Projects</td><td class=\"value\">47</td><td>EUR 1410000.00 total value")
                .doesNotContain("<script", "http://cdn", "https://cdn");
        for (String path : new String[] {"/", "/api/status", "/metrics"}) {
            assertThat(served.get(path).body())
                    .as(path)
                    .doesNotContain(
                            ServedDashboard.TOKEN, ServedDashboard.SLACK_PATH, PostgresCluster.SUPERUSER_PASSWORD);
        }
    }
}
