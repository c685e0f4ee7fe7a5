package dev.pgdrill.workflows.monitor;

import static dev.pgdrill.workflows.monitor.MonitorFixtures.SETTINGS;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.completed;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.healthyAt;
import static dev.pgdrill.workflows.monitor.MonitorFixtures.passedDrill;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.ChannelRoute;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Severity;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Open → remind → resolve, each notified once, on Temporal's test server with time skipping. */
class BackupMonitorWorkflowTest {
    private static final AlertRouting ROUTING = new AlertRouting(
            List.of(
                    new ChannelRoute(Channel.SLACK, Severity.WARNING),
                    new ChannelRoute(Channel.EMAIL, Severity.CRITICAL),
                    new ChannelRoute(Channel.WEBHOOK, Severity.INFO)),
            "http://127.0.0.1:8233/",
            "default",
            "http://127.0.0.1:9464/");

    private final FakeMonitorActivities fake = new FakeMonitorActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private volatile Instant newestBackup;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(BackupMonitorWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        // One backup and a recent drill; no history, so only the backup's age can raise an alert.
        fake.facts = at -> new MonitorFacts(
                at,
                List.of(new ProfileFacts(
                        "production",
                        List.of(),
                        completed("b1", newestBackup, 100),
                        Instant.EPOCH,
                        passedDrill(at.minus(Duration.ofDays(1))))),
                true,
                healthyAt(at, at).schedules(),
                healthyAt(at, at).repository());
    }

    private Instant now() {
        return Instant.ofEpochMilli(testEnv.currentTimeMillis());
    }

    /**
     * Runs the monitor through a client without the test environment's time locking: waiting on it never lets
     * the test server skip ahead (it may, on a loaded machine, before the run's first workflow task). Time moves
     * only by {@code testEnv.sleep}, and in real time meanwhile (the email retry's backoff).
     */
    private MonitorResult monitor(String id) {
        WorkflowClient plain = WorkflowClient.newInstance(
                testEnv.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setNamespace(testEnv.getNamespace())
                        .build());
        return plain.newWorkflowStub(
                        BackupMonitorWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build())
                .run(new MonitorRequest("test", SETTINGS, ROUTING));
    }

    @Test
    void aStaleBackupOpensOnceRemindsAfterRenotifyAfterAndResolvesOnceAfterTheNextBackup() throws Exception {
        newestBackup = now().minus(Duration.ofHours(27));
        MonitorResult opened = monitor("monitor-1");
        assertThat(opened.findings()).extracting(Finding::key).containsExactly("backup_stale:production");
        assertThat(opened.changes()).hasSize(1);
        AlertOutcome o = opened.changes().get(0);
        assertThat(o.kind()).isEqualTo(ChangeKind.OPENED);
        assertThat(o.made()).isTrue();
        assertThat(o.deliveries())
                .extracting(DeliveryOutcome::channel, DeliveryOutcome::delivered)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Channel.SLACK, true),
                        org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, true),
                        org.assertj.core.groups.Tuple.tuple(Channel.WEBHOOK, false));
        assertThat(o.deliveries().get(2).detail()).isEqualTo("webhook answered HTTP 400");
        assertThat(fake.emailAttempts).as("email retried after its 451").hasSize(2);
        assertThat(fake.webhookAttempts).as("a refusal is not retried").hasSize(1);
        assertThat(fake.sent)
                .containsExactlyInAnyOrder(
                        "slack opened backup_stale:production", "email opened backup_stale:production");

        testEnv.sleep(Duration.ofHours(1));
        assertThat(monitor("monitor-2").changes())
                .as("still open, not yet due a reminder")
                .isEmpty();
        assertThat(fake.sent).hasSize(2);

        testEnv.sleep(Duration.ofHours(24));
        MonitorResult reminded = monitor("monitor-3");
        assertThat(reminded.changes()).extracting(AlertOutcome::kind).containsExactly(ChangeKind.REMINDED);
        assertThat(fake.sent)
                .hasSize(4)
                .contains("slack reminder backup_stale:production", "email reminder backup_stale:production");

        newestBackup = now();
        MonitorResult resolved = monitor("monitor-4");
        assertThat(resolved.findings()).isEmpty();
        assertThat(resolved.changes()).extracting(AlertOutcome::kind).containsExactly(ChangeKind.RESOLVED);
        assertThat(fake.resolved).containsExactly("backup_stale:production");
        assertThat(fake.sent)
                .hasSize(6)
                .contains("slack resolved backup_stale:production", "email resolved backup_stale:production");

        assertThat(monitor("monitor-5").changes()).isEmpty();
        assertThat(fake.sent).hasSize(6);
        WorkflowReplayer.replayWorkflowExecution(
                testEnv.getWorkflowClient().fetchHistory("monitor-1"), BackupMonitorWorkflowImpl.class);
    }

    @Test
    void aChangeAnotherMonitorRunMadeFirstIsNotNotifiedAgain() {
        newestBackup = now().minus(Duration.ofHours(30));
        fake.anotherRunWins = true;
        MonitorResult r = monitor("monitor-racing");
        assertThat(r.changes()).singleElement().satisfies(c -> {
            assertThat(c.made()).isFalse();
            assertThat(c.deliveries()).isEmpty();
        });
        assertThat(fake.sent).isEmpty();
    }
}
