package dev.pgdrill.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.monitor.MonitorSettings;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.ChannelRoute;
import dev.pgdrill.workflows.notify.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The monitor:, alerts:, dashboard: sections and temporal.uiUrl: defaults, validation, secrets. */
class MonitorAndAlertsConfigTest {
    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/s3cr3tpath";
    private static final Map<String, String> ENV = Map.of(
            "SLACK_URL", SLACK_URL,
            "HOOK_URL", "http://127.0.0.1:9999/hook",
            "HOOK_SECRET", "hmac-shared",
            "SMTP_PW", "smtp-pass",
            "NOT_A_URL", "ftp://example.com/x",
            "TOKEN", "dash-token");

    private static final String MINIMAL = """
            catalog: { database: ops }
            databases:
              production: { role: production, host: db1, database: app, user: app_admin }
              sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }
              ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
            repository: { path: backups }
            backup: { database: production }
            approval: { approvers: [alice, bob] }
            """;

    private static PgdrillConfig parse(String yaml) {
        return new ConfigLoader(ENV::get).parse(yaml, "test.yaml", Path.of("/etc/pgdrill"));
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void theMonitorAndDashboardHaveTheRunbooksDefaultsAndNoChannelIsConfigured() {
        PgdrillConfig c = parse(MINIMAL);
        assertThat(c.monitor())
                .isEqualTo(new PgdrillConfig.Monitor(
                        "0 * * * *", Duration.ofHours(26), 20, Duration.ofDays(35), 1L << 30, Duration.ofHours(24)));
        assertThat(c.alerts().routes()).isEmpty();
        assertThat(c.dashboard().listen()).isEqualTo("127.0.0.1:9464");
        assertThat(c.dashboard().window()).isEqualTo(Duration.ofDays(30));
        assertThat(c.dashboard().targets())
                .isEqualTo(new PgdrillConfig.Targets(
                        100, Duration.ofMinutes(10), 100, Duration.ofHours(2), Duration.ofHours(24), 100));
        assertThat(c.temporal().uiUrl()).isEmpty();
    }

    @Test
    void readsEveryChannelAndRoutesRunsByNameAndSeverityOnly() {
        PgdrillConfig c = parse(MINIMAL + """
                temporal: { uiUrl: "http://127.0.0.1:8233" }
                monitor: { schedule: "15 * * * *", maxBackupAge: 30h, sizeChangePercent: 30, maxDrillAge: 40d,
                           minFreeBytes: 10GiB, renotifyAfter: 12h }
                alerts:
                  slack: { webhookUrl: "${SLACK_URL}", minSeverity: critical }
                  email: { host: smtp.example.com, tls: tls, username: pgdrill, password: "${SMTP_PW}",
                           from: pgdrill@example.com, to: [ops@example.com, dba@example.com] }
                  webhook: { url: "${HOOK_URL}", secret: "${HOOK_SECRET}", minSeverity: info }
                dashboard: { url: "https://pgdrill.example.com/", metrics: [ { name: Organizations, sql: "SELECT 3" } ] }
                """);
        assertThat(c.monitor().minFreeBytes()).isEqualTo(10L << 30);
        assertThat(c.monitor().schedule()).isEqualTo("15 * * * *");
        AlertChannels.Email email = c.alerts().email().orElseThrow();
        assertThat(email.port()).as("TLS's default port").isEqualTo(465);
        assertThat(email.to()).containsExactly("ops@example.com", "dba@example.com");
        assertThat(email.password().orElseThrow().reveal()).isEqualTo("smtp-pass");
        assertThat(c.alerts().slack().orElseThrow().webhookUrl().reveal()).isEqualTo(SLACK_URL);
        assertThat(c.dashboard().metrics()).containsExactly(new PgdrillConfig.Metric("Organizations", "SELECT 3"));

        AlertRouting routing = WorkflowSettings.alerts(c);
        assertThat(routing.channels())
                .containsExactly(
                        new ChannelRoute(Channel.SLACK, Severity.CRITICAL),
                        new ChannelRoute(Channel.EMAIL, Severity.WARNING),
                        new ChannelRoute(Channel.WEBHOOK, Severity.INFO));
        assertThat(routing.toString()).doesNotContain("s3cr3tpath", "smtp-pass", "hmac-shared");
        assertThat(routing.runUrl("emergency-restore-production"))
                .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/emergency-restore-production");
        MonitorSettings m = WorkflowSettings.monitor(c);
        assertThat(m.profiles()).containsExactly("production");
        assertThat(m.schedules())
                .containsExactly("pgdrill-backup-production", "pgdrill-drill-production", "pgdrill-monitor");
        assertThat(m.renotifyAfter()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void channelSecretsMustBeEnvironmentReferencesAndAreNeverPrinted() {
        List<String> problems = problems(MINIMAL + """
                alerts:
                  slack: { webhookUrl: "https://hooks.slack.com/services/literal" }
                  webhook: { url: "${NOT_A_URL}" }
                  email: { host: smtp.example.com, username: u, password: literal, from: nobody, to: [ops] }
                """);
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "alerts.slack.webhookUrl: secrets must be given as an environment reference such as"
                                + " ${PGDRILL_WEBHOOKURL}, not as a literal value",
                        "alerts.webhook.url: expected an http:// or https:// URL in ${NOT_A_URL}",
                        "alerts.webhook.secret: required: the shared secret the HMAC-SHA256 signature is made with,"
                                + " as ${ENV}",
                        "alerts.email.password: secrets must be given as an environment reference such as"
                                + " ${PGDRILL_PASSWORD}, not as a literal value",
                        "alerts.email.from: expected an email address, got \"nobody\"",
                        "alerts.email.to[0]: expected an email address, got \"ops\"");
        assertThat(String.join("\n", problems)).doesNotContain("ftp://example.com");
    }

    @Test
    void rejectsBadSeveritiesTlsModesSizesAndUnknownKeys() {
        assertThat(problems(MINIMAL + """
                        monitor: { minFreeBytes: lots, sizeChangePercent: 0, every: 1h }
                        alerts:
                          slack: { webhookUrl: "${SLACK_URL}", minSeverity: urgent }
                          email: { host: h, tls: ssl, from: a@b, to: [c@d] }
                        """))
                .containsExactlyInAnyOrder(
                        "monitor.every: unknown key (expected one of: schedule, maxBackupAge, sizeChangePercent,"
                                + " maxDrillAge, minFreeBytes, renotifyAfter)",
                        "monitor.minFreeBytes: expected a size such as 10GiB, 500MB or a number of bytes, got \"lots\"",
                        "monitor.sizeChangePercent: expected an integer 1-1000, got 0",
                        "alerts.slack.minSeverity: expected info, warning or critical, got \"urgent\"",
                        "alerts.email.tls: expected starttls, tls or none, got \"ssl\"");
    }

    @Test
    void theDashboardBeyondLoopbackNeedsATokenAndCanBeTurnedOff() {
        assertThat(problems(MINIMAL + "dashboard: { listen: \"0.0.0.0:9464\" }\n"))
                .containsExactly("dashboard.token: required when dashboard.listen (0.0.0.0:9464) is not a loopback"
                        + " address: a bearer token as ${ENV}, which every request but /healthz must carry");
        PgdrillConfig open = parse(MINIMAL + "dashboard: { listen: \"0.0.0.0:9464\", token: \"${TOKEN}\" }\n");
        assertThat(open.dashboard().token().orElseThrow().reveal()).isEqualTo("dash-token");
        assertThat(parse(MINIMAL + "dashboard: { listen: off }\n").dashboard().listen())
                .isEmpty();
        assertThat(problems(MINIMAL + "dashboard: { listen: nowhere }\n"))
                .containsExactly(
                        "dashboard.listen: expected host:port such as 127.0.0.1:9464, or off, got \"nowhere\"");
        assertThat(problems(MINIMAL + "temporal: { uiUrl: \"localhost:8233\" }\n"))
                .containsExactly("temporal.uiUrl: expected an http:// or https:// URL such as http://127.0.0.1:8233,"
                        + " got \"localhost:8233\"");
    }
}
