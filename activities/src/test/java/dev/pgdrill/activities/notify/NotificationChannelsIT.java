package dev.pgdrill.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.DummySSLSocketFactory;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.AlertChannels;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Severity;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each channel against a real server: GreenMail for SMTP(S), MockWebServer for Slack and the webhook. */
class NotificationChannelsIT {
    private static final Instant SINCE = Instant.parse("2026-01-17T05:00:00Z");
    private static final int SMTP = freePort();
    private static final int SMTPS = freePort();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
                new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(SMTPS, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
            })
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pgdrill", "smtp-pass"));

    private final MockWebServer http = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        http.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        http.shutdown();
    }

    static Notification notice() {
        return new Notification(
                "backup_stale:production",
                "opened",
                Severity.CRITICAL,
                "Backup of 'production' is stale",
                "the newest completed backup of 'production', 20260116T030000Z, is 28h old (monitor.maxBackupAge 26h)",
                SINCE,
                "pgdrill backup run --database production --wait",
                List.of("alert backup_stale:production (#7)"),
                "http://127.0.0.1:8233/namespaces/default/workflows/monitor-20260117T070000Z",
                "http://127.0.0.1:9464/",
                7);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties trustingGreenMail() {
        // GreenMail's certificate is self-signed for no host: the test trusts it; pgdrill itself checks both.
        Properties p = new Properties();
        p.put("mail.smtp.ssl.socketFactory", new DummySSLSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        return p;
    }

    private static AlertChannels.Email email(int port, AlertChannels.EmailTls tls) {
        return new AlertChannels.Email(
                "127.0.0.1",
                port,
                tls,
                Optional.of("pgdrill"),
                Optional.of(new Secret("${SMTP_PW}", "smtp-pass")),
                "pgdrill@example.com",
                List.of("ops@example.com", "dba@example.com"),
                Severity.WARNING);
    }

    @Test
    void anEmailOverTlsReachesEveryRecipientAsTextAndHtml() throws Exception {
        String answer = new EmailChannel(email(SMTPS, AlertChannels.EmailTls.TLS), trustingGreenMail()).send(notice());
        assertThat(answer).isEqualTo("sent to 2 recipient(s) via 127.0.0.1:" + SMTPS);
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).as("one copy per recipient").hasSize(2);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[pgdrill CRITICAL] Backup of 'production' is stale");
        assertThat(m.getAllRecipients())
                .extracting(Address::toString)
                .containsExactly("ops@example.com", "dba@example.com");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(text)
                .contains("is 28h old")
                .contains("Since: 2026-01-17 05:00 UTC")
                .contains("Next step: pgdrill backup run --database production --wait")
                .contains("Temporal UI: http://127.0.0.1:8233/namespaces/default/workflows/monitor-20260117T070000Z");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<code>pgdrill backup run --database production --wait</code>")
                .contains("Backup of &#39;production&#39;".replace("&#39;", "'"));
    }

    @Test
    void starttlsIsRequiredNotHopedForAndPlainSmtpStillAuthenticates() throws Exception {
        // GreenMail's SMTP offers no STARTTLS (greenmail#135): with tls: starttls nothing may go out in clear.
        assertThatThrownBy(() -> new EmailChannel(email(SMTP, AlertChannels.EmailTls.STARTTLS), trustingGreenMail())
                        .send(notice()))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.retryable())
                            .as("a server that will not upgrade will not upgrade on retry")
                            .isFalse();
                    assertThat(e.getMessage()).contains("STARTTLS is required");
                });
        assertThat(MAIL.getReceivedMessages()).isEmpty();

        new EmailChannel(email(SMTP, AlertChannels.EmailTls.NONE), new Properties()).send(notice());
        assertThat(MAIL.getReceivedMessages()).hasSize(2);
        assertThat(GreenMailUtil.getBody(MAIL.getReceivedMessages()[0])).contains("28h old");

        AlertChannels.Email e = email(SMTP, AlertChannels.EmailTls.NONE);
        AlertChannels.Email wrong = new AlertChannels.Email(
                e.host(),
                e.port(),
                e.tls(),
                e.username(),
                Optional.of(new Secret("${SMTP_PW}", "not-the-password")),
                e.from(),
                e.to(),
                e.minSeverity());
        assertThatThrownBy(() -> new EmailChannel(wrong, new Properties()).send(notice()))
                .isInstanceOfSatisfying(ActivityException.class, x -> {
                    assertThat(x.retryable()).isFalse();
                    assertThat(x.getMessage())
                            .contains("AuthenticationFailedException")
                            .doesNotContain("not-the-password");
                });
    }

    @Test
    void aServerThatIsDownIsRetriedAndNeverShowsThePassword() {
        AlertChannels.Email nowhere = email(freePort(), AlertChannels.EmailTls.NONE);
        assertThatThrownBy(() -> new EmailChannel(nowhere, new Properties()).send(notice()))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.type()).isEqualTo(FailureType.NOTIFICATION_FAILED);
                    assertThat(e.getMessage())
                            .startsWith("unable to send email via 127.0.0.1:")
                            .doesNotContain("smtp-pass");
                });
    }

    @Test
    void slackGetsABlockKitMessageAtItsSecretUrl() throws Exception {
        http.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
        Secret url =
                new Secret("${SLACK_URL}", http.url("/services/T0/B0/s3cr3t").toString());
        assertThat(new SlackChannel(url, new HttpPost()).send(notice())).isEqualTo("HTTP 200");
        RecordedRequest r = http.takeRequest();
        assertThat(r.getPath()).isEqualTo("/services/T0/B0/s3cr3t");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(r.getBody().readUtf8());
        assertThat(body.get("text").asText()).isEqualTo("[pgdrill CRITICAL] Backup of 'production' is stale");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asText())
                .endsWith("CRITICAL: Backup of 'production' is stale");
        assertThat(blocks.get(1).get("text").get("text").asText()).contains("28h old");
        assertThat(blocks.get(2).get("fields").get(1).get("text").asText()).isEqualTo("*Since*\n2026-01-17 05:00 UTC");
        assertThat(blocks.get(3).get("text").get("text").asText())
                .isEqualTo("*Next step*\n`pgdrill backup run --database production --wait`");
        assertThat(blocks.get(blocks.size() - 1)
                        .get("elements")
                        .get(0)
                        .get("text")
                        .asText())
                .contains(
                        "<http://127.0.0.1:8233/namespaces/default/workflows/monitor-20260117T070000Z|Temporal UI run>")
                .contains("<http://127.0.0.1:9464/|Dashboard>");
    }

    @Test
    void aRefusalIsFinalAnOutageIsRetriedAndNeitherShowsTheUrl() {
        Secret url =
                new Secret("${SLACK_URL}", http.url("/services/T0/B0/s3cr3t").toString());
        http.enqueue(new MockResponse().setResponseCode(400).setBody("invalid_payload at /services/T0/B0/s3cr3t"));
        http.enqueue(new MockResponse().setResponseCode(503).setBody("try later"));
        SlackChannel slack = new SlackChannel(url, new HttpPost());
        assertThatThrownBy(() -> slack.send(notice())).isInstanceOfSatisfying(ActivityException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.type()).isEqualTo(FailureType.NOTIFICATION_REJECTED);
            assertThat(e.getMessage())
                    .startsWith("unable to post to slack: HTTP 400 invalid_payload")
                    .doesNotContain("s3cr3t");
        });
        assertThatThrownBy(() -> slack.send(notice())).isInstanceOfSatisfying(ActivityException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("unable to post to slack: HTTP 503 try later");
        });
    }

    @Test
    void theWebhookBodyIsSignedWithTheSharedSecret() throws Exception {
        http.enqueue(new MockResponse().setResponseCode(204));
        Secret url = new Secret("${HOOK_URL}", http.url("/hook").toString());
        Clock clock = Clock.fixed(Instant.parse("2026-01-17T07:00:00Z"), ZoneOffset.UTC);
        new WebhookChannel(url, new Secret("${HOOK_SECRET}", "hmac-shared"), new HttpPost(), clock).send(notice());
        RecordedRequest r = http.takeRequest();
        String body = r.getBody().readUtf8();
        assertThat(r.getHeader("X-Pgdrill-Timestamp")).isEqualTo("1768633200");
        assertThat(r.getHeader("X-Pgdrill-Event")).isEqualTo("opened");
        assertThat(r.getHeader("X-Pgdrill-Signature"))
                .isEqualTo("sha256=" + WebhookChannel.sign("hmac-shared", "1768633200." + body))
                .isNotEqualTo("sha256=" + WebhookChannel.sign("another-secret", "1768633200." + body));
        JsonNode json = Json.MAPPER.readTree(body);
        assertThat(json.get("key").asText()).isEqualTo("backup_stale:production");
        assertThat(json.get("severity").asText()).isEqualTo("critical");
        assertThat(json.get("since").asText()).isEqualTo("2026-01-17T05:00:00Z");
        assertThat(json.get("hint").asText()).isEqualTo("pgdrill backup run --database production --wait");
        assertThat(json.get("alertId").asLong()).isEqualTo(7);
    }
}
