package dev.pgdrill.worker.web;

import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.SeededHistory;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.monitor.AlertChange;
import dev.pgdrill.workflows.monitor.ChangeKind;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.Finding;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import dev.pgdrill.workflows.notify.Severity;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's endpoints on a free loopback port over a seeded catalog (five weeks of backups, two drills, a
 * critical alert open), as of {@link SeededHistory#NOW}; the configuration has a token and channel secrets
 * that must never show.
 */
final class ServedDashboard implements AutoCloseable {
    static final String TOKEN = "dash-t0ken-s3cret";
    static final String SLACK_PATH = "/services/T0/B0/slack-url-s3cret";

    final PgdrillConfig config;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DashboardServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    ServedDashboard(PostgresCluster pg, Path dir) throws Exception {
        pg.createDatabase("pgdrill_catalog");
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("DASH_TOKEN", TOKEN);
        env.put("SLACK_URL", "https://hooks.slack.com" + SLACK_PATH);
        String yaml = TestConfigs.yaml(pg, dir, "127.0.0.1:1")
                + "temporal: { address: \"127.0.0.1:1\", uiUrl: \"http://127.0.0.1:8233\" }\n"
                + "alerts: { slack: { webhookUrl: \"${SLACK_URL}\" } }\n"
                + "dashboard: { listen: \"127.0.0.1:0\", token: \"${DASH_TOKEN}\" }\n"
                + "monitor: { minFreeBytes: 0 }\n";
        yaml = yaml.replaceFirst("temporal: \\{[^\\n]*\\n", "");
        config = new ConfigLoader(env::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        Catalog catalog = new Catalog(config.catalogProfile());
        SeededHistory.seed(pg, "pgdrill_catalog", SeededHistory.NEWEST);
        Finding failed = new Finding(
                "drill_failed:production",
                "drill_failed",
                "production",
                Severity.CRITICAL,
                "Restore drill of 'production' failed",
                "m",
                SeededHistory.NOW.minus(Duration.ofHours(1)),
                "h");
        catalog.alerts()
                .apply(new ChangeRequest(
                        new AlertChange(ChangeKind.OPENED, 0, failed, Instant.EPOCH),
                        "r",
                        SeededHistory.NOW.minus(Duration.ofHours(1))));
        StatusSnapshot snapshot = new StatusSnapshot(
                config,
                catalog,
                ids -> ids.stream()
                        .map(id -> new ScheduleFact(id, true, false, Instant.parse("2026-01-18T03:00:00Z")))
                        .toList(),
                Clock.fixed(SeededHistory.NOW, ZoneOffset.UTC));
        new HealthMetrics(registry, snapshot, "production");
        server = DashboardServer.start(
                "127.0.0.1:0", snapshot, registry, config.dashboard().token());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.address().getPort() + path;
    }

    HttpResponse<String> get(String path, Optional<String> authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path)));
        authorization.ifPresent(a -> r.header("Authorization", a));
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, Optional.of("Bearer " + TOKEN));
    }

    @Override
    public void close() {
        server.close();
    }
}
