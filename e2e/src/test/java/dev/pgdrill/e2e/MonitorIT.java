package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor end to end: the real Temporal dev server, a worker process, the CLI, PostgreSQL, a real SMTP server
 * (GreenMail) and an HTTP server standing in for Slack. A backup made stale raises exactly one email and one Slack
 * message, repeated monitor runs add none, and the next backup resolves it with one of each.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class MonitorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SMTP = freePort();
    private static final String SLACK_PATH = "/services/T0/B0/e2e-slack-s3cret";

    @RegisterExtension
    static final GreenMailExtension MAIL =
            new GreenMailExtension(new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final MockWebServer slack = new MockWebServer();
    private final List<String> slackBodies = new CopyOnWriteArrayList<>();
    private final int dashboardPort = freePort();
    private Pgdrill pgdrill;
    private String config;

    @TempDir
    Path dir;

    MonitorIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        slack.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getPath().equals(SLACK_PATH)) {
                    slackBodies.add(r.getBody().readUtf8());
                    return new MockResponse().setResponseCode(200).setBody("ok");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        slack.start(InetAddress.getLoopbackAddress(), 0);
        Map<String, String> env = new HashMap<>(TestConfigs.env());
        env.put("PGDRILL_E2E_SLACK_URL", slack.url(SLACK_PATH).toString());
        pgdrill = new Pgdrill(env);
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        // Critical only: the fresh install's warnings (no drill yet, no schedules) stay on the dashboard.
        config = TestConfigs.write(
                        TestConfigs.yaml(pg, repo, temporal.address())
                                        .replaceFirst(
                                                "taskQueue: pgdrill }",
                                                "taskQueue: pgdrill, uiUrl: \"http://127.0.0.1:8233\" }")
                                + "monitor: { schedule: \"0 0 1 1 *\", maxBackupAge: 20s, minFreeBytes: 0 }\n"
                                + "alerts:\n"
                                + "  slack: { webhookUrl: \"${PGDRILL_E2E_SLACK_URL}\", minSeverity: critical }\n"
                                + "  email: { host: 127.0.0.1, port: " + SMTP
                                + ", tls: none, from: pgdrill@example.com,"
                                + " to: [ops@example.com], minSeverity: critical }\n"
                                + "dashboard: { listen: \"127.0.0.1:" + dashboardPort + "\" }\n",
                        dir)
                .toString();
        Pgdrill.Result migrated = pgdrill.cli("doctor", "--config", config, "--migrate");
        assertThat(migrated.exitCode()).as(migrated.all()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        slack.shutdown();
    }

    private JsonNode monitor() throws Exception {
        Pgdrill.Result r = pgdrill.cli("monitor", "run", "--config", config, "--wait", "--json");
        assertThat(r.exitCode()).as(r.all()).isIn(0, 1);
        return JSON.readTree(r.stdout());
    }

    private static List<String> kinds(JsonNode result, String key) {
        return result.get("changes").findParents("key").stream()
                .filter(c -> c.get("key").asText().equals(key))
                .map(c -> c.get("kind").asText())
                .toList();
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void aStaleBackupAlertsOnceByEmailAndSlackAndResolvesOnceAfterTheNextBackup() throws Exception {
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", config)) {
            worker.awaitLog(l -> l.contains("BackupMonitorWorkflow"), Duration.ofSeconds(60));
            Pgdrill.Result applied = pgdrill.cli("schedules", "apply", "--config", config);
            assertThat(applied.stdout()).contains("created pgdrill-monitor");
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", config, "--wait", "--json");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            Instant backupStarted = Instant.now();

            JsonNode fresh = monitor();
            assertThat(fresh.get("findings").findValuesAsText("key")).doesNotContain("backup_stale:production");
            assertThat(MAIL.getReceivedMessages()).isEmpty();

            Thread.sleep(Math.max(
                    0,
                    Duration.between(Instant.now(), backupStarted.plusSeconds(22))
                            .toMillis()));
            JsonNode stale = monitor();
            assertThat(kinds(stale, "backup_stale:production")).containsExactly("OPENED");
            JsonNode opened = stale.get("changes").findParents("key").stream()
                    .filter(c -> c.get("key").asText().equals("backup_stale:production"))
                    .findFirst()
                    .orElseThrow();
            assertThat(opened.get("deliveries").findValuesAsText("channel"))
                    .containsExactlyInAnyOrder("SLACK", "EMAIL");
            assertThat(opened.get("deliveries").findValuesAsText("delivered")).containsOnly("true");
            assertThat(kinds(monitor(), "backup_stale:production"))
                    .as("still open: no reminder yet")
                    .isEmpty();

            MimeMessage[] mails = MAIL.getReceivedMessages();
            assertThat(mails).hasSize(1);
            assertThat(mails[0].getSubject()).isEqualTo("[pgdrill CRITICAL] Backup of 'production' is stale");
            assertThat(GreenMailUtil.getBody(mails[0]))
                    .contains("Next step: pgdrill backup run --database production --wait");
            assertThat(slackBodies).hasSize(1);
            assertThat(slackBodies.get(0))
                    .contains("Backup of 'production' is stale")
                    .contains("\"blocks\"");

            Pgdrill.Result next = pgdrill.cli("backup", "run", "--config", config, "--wait");
            assertThat(next.exitCode()).as(next.all()).isZero();
            assertThat(kinds(monitor(), "backup_stale:production")).containsExactly("RESOLVED");
            assertThat(kinds(monitor(), "backup_stale:production")).isEmpty();

            mails = MAIL.getReceivedMessages();
            assertThat(mails).hasSize(2);
            assertThat(mails[1].getSubject()).isEqualTo("[pgdrill CRITICAL] Resolved: Backup of 'production' is stale");
            assertThat(slackBodies).hasSize(2);
            assertThat(slackBodies.get(1)).contains("Resolved: Backup of 'production' is stale");

            Pgdrill.Result status = pgdrill.cli("status", "--config", config);
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(status.stdout()).contains("1 critical").contains("SUCCESS METRICS");
            assertThat(JSON.readTree(get("/api/status"))
                            .get("alerts")
                            .get("critical")
                            .asInt())
                    .isEqualTo(1);
            String metrics = awaitMetrics();
            assertThat(metrics).contains("pgdrill_alerts_open{profile=\"production\",severity=\"critical\",} 0.0");
            assertThat(worker.output() + status.all()).doesNotContain(SLACK_PATH);
        }
    }

    /** The SDK reports its metrics into the registry every 10 s. */
    private String awaitMetrics() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String metrics = get("/metrics");
        while (!metrics.contains("temporal_") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            metrics = get("/metrics");
        }
        assertThat(metrics).as("the Temporal SDK's own metrics").contains("temporal_");
        return metrics;
    }
}
