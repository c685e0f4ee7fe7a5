package dev.pgdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pgdrill.activities.notify.NotificationActivitiesImpl;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogMigrator;
import dev.pgdrill.core.catalog.DeliveryRow;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import dev.pgdrill.workflows.notify.AlertsTestRequest;
import dev.pgdrill.workflows.notify.AlertsTestWorkflow;
import dev.pgdrill.workflows.notify.AlertsTestWorkflowImpl;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real channel activities under Temporal's retries: Slack answering 500 then 200 is retried once and
 * delivered, the webhook's 400 is not retried, email goes through; one failing channel holds up no other,
 * every attempt is in the catalog, and no channel secret is in the workflow's history.
 */
@ExtendWith(PostgresExtension.class)
class AlertDeliveryIT {
    private static final int SMTP = freePort();

    @RegisterExtension
    static final GreenMailExtension MAIL =
            new GreenMailExtension(new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private final PostgresCluster pg;
    private final MockWebServer slack = new MockWebServer();
    private final MockWebServer webhook = new MockWebServer();
    private TestWorkflowEnvironment env;

    @TempDir
    Path dir;

    AlertDeliveryIT(PostgresCluster pg) {
        this.pg = pg;
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
        slack.start(InetAddress.getLoopbackAddress(), 0);
        webhook.start(InetAddress.getLoopbackAddress(), 0);
        pg.createDatabase("pgdrill_catalog");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (env != null) {
            env.close();
        }
        slack.shutdown();
        webhook.shutdown();
    }

    @Test
    void aFailingChannelBlocksNoOtherAndEveryAttemptIsRecorded() throws Exception {
        Map<String, String> vars = new HashMap<>(TestConfigs.env());
        vars.put("SLACK_URL", slack.url("/services/T0/B0/slack-s3cr3t").toString());
        vars.put("HOOK_URL", webhook.url("/hook").toString());
        vars.put("HOOK_SECRET", "hmac-s3cr3t");
        String yaml = TestConfigs.yaml(pg, dir, "127.0.0.1:1")
                + "alerts:\n"
                + "  slack: { webhookUrl: \"${SLACK_URL}\" }\n"
                + "  webhook: { url: \"${HOOK_URL}\", secret: \"${HOOK_SECRET}\", minSeverity: info }\n"
                + "  email: { host: 127.0.0.1, port: " + SMTP + ", tls: none, from: pgdrill@example.com,"
                + " to: [ops@example.com] }\n";
        PgdrillConfig config = new ConfigLoader(vars::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
        new CatalogMigrator(config.catalogProfile()).migrate();
        slack.enqueue(new MockResponse().setResponseCode(500).setBody("upstream timeout"));
        slack.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
        webhook.enqueue(new MockResponse().setResponseCode(400).setBody("bad signature"));
        webhook.enqueue(new MockResponse().setResponseCode(200)); // would be taken by a wrong retry

        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker("alerts");
        worker.registerWorkflowImplementationTypes(AlertsTestWorkflowImpl.class);
        worker.registerActivitiesImplementations(new NotificationActivitiesImpl(config));
        env.start();
        Instant started = Instant.now().minusSeconds(5);
        List<DeliveryOutcome> outcomes = env.getWorkflowClient()
                .newWorkflowStub(
                        AlertsTestWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue("alerts")
                                .setWorkflowId("alerts-test")
                                .build())
                .run(new AlertsTestRequest("alice", WorkflowSettings.alerts(config)));

        assertThat(outcomes)
                .extracting(DeliveryOutcome::channel, DeliveryOutcome::delivered)
                .containsExactly(tuple(Channel.SLACK, true), tuple(Channel.EMAIL, true), tuple(Channel.WEBHOOK, false));
        assertThat(outcomes.get(2).detail()).isEqualTo("unable to post to the webhook: HTTP 400 bad signature");
        assertThat(slack.getRequestCount()).as("the 500 retried once").isEqualTo(2);
        assertThat(webhook.getRequestCount()).as("the 400 not retried").isEqualTo(1);
        assertThat(MAIL.getReceivedMessages()).hasSize(1);
        assertThat(MAIL.getReceivedMessages()[0].getSubject()).isEqualTo("[pgdrill INFO] Test notice from pgdrill");

        List<DeliveryRow> attempts =
                new Catalog(config.catalogProfile()).alerts().deliveries(started);
        assertThat(attempts)
                .extracting(DeliveryRow::channel, DeliveryRow::attempt, DeliveryRow::outcome)
                .containsExactlyInAnyOrder(
                        tuple("slack", 1, "FAILED"),
                        tuple("slack", 2, "DELIVERED"),
                        tuple("webhook", 1, "FAILED"),
                        tuple("email", 1, "DELIVERED"));
        assertThat(attempts).allSatisfy(a -> assertThat(a.workflowId()).isEqualTo("alerts-test"));

        String history = env.getWorkflowClient().fetchHistory("alerts-test").toJson(true);
        assertThat(history)
                .doesNotContain("slack-s3cr3t", "hmac-s3cr3t", TestConfigs.env().get(TestConfigs.PASSWORD_ENV));
        assertThat(attempts.toString()).doesNotContain("slack-s3cr3t", "hmac-s3cr3t");
    }
}
