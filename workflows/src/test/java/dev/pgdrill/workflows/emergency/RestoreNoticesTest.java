package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.ChannelRoute;
import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Severity;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An emergency restore's milestones reach the channels: started, awaiting approval with the exact approve
 * command, a reminder, approved, production restored. A channel that refuses holds up no step.
 */
class RestoreNoticesTest {
    private static final ApprovalPolicy POLICY =
            new ApprovalPolicy("RESTORE PRODUCTION", List.of("alice", "bob"), true, Duration.ofHours(4));
    private static final AlertRouting ROUTING = new AlertRouting(
            List.of(
                    new ChannelRoute(Channel.SLACK, Severity.WARNING),
                    new ChannelRoute(Channel.WEBHOOK, Severity.INFO)),
            "",
            "default",
            "");

    static final class Recording extends FakeEmergencyActivities {
        final List<Notification> slack = new CopyOnWriteArrayList<>();

        @Override
        public DeliveryOutcome deliver(Delivery d) {
            if (d.channel() == Channel.WEBHOOK) {
                throw ApplicationFailure.newNonRetryableFailure("HTTP 410", "NotificationRejected");
            }
            slack.add(d.notification());
            return new DeliveryOutcome(d.channel(), true, "ok");
        }
    }

    private final Recording fake = new Recording();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private Instant now;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(
                EmergencyRestoreWorkflowImpl.class, RestoreAndVerifyWorkflowImpl.class);
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, BackupWorkflowImpl::new);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.backups.add(FakeEmergencyActivities.backup("newest", now.minus(Duration.ofHours(6))));
    }

    private EmergencyRestoreWorkflow startAndAwaitApproval() throws InterruptedException {
        EmergencyRestoreWorkflow wf = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        EmergencyRestoreWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId("emergency-restore-production")
                                .build());
        WorkflowClient.start(
                wf::run,
                new EmergencyRestoreRequest(
                        "production",
                        now.minus(Duration.ofMinutes(30)),
                        "carol",
                        "rows deleted",
                        3,
                        new RestoreSettings("staging", POLICY, 2, Duration.ofHours(1), 7, ROUTING, true)));
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        return wf;
    }

    @Test
    void awaitingApprovalCarriesTheExactApproveCommandAndTheOutcomeFollows() throws Exception {
        EmergencyRestoreWorkflow wf = startAndAwaitApproval();
        testEnv.sleep(Duration.ofMinutes(61)); // one reminder
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThat(WorkflowStub.fromTyped(wf).getResult(Incident.class).outcome())
                .isEqualTo(IncidentOutcome.RESTORED);

        assertThat(fake.slack)
                .extracting(Notification::kind)
                .containsExactly(
                        "restore_started", "awaiting_approval", "approval_reminder", "approved", "restore_outcome");
        Notification awaiting = fake.slack.get(1);
        assertThat(awaiting.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(awaiting.hint()).isEqualTo("pgdrill restore approve emergency-restore-production --approver NAME");
        assertThat(awaiting.message())
                .contains("backup newest passed verification on staging")
                .contains("'RESTORE PRODUCTION'");
        assertThat(awaiting.details()).contains("approvers: alice, bob");
        assertThat(fake.slack.get(4).title()).isEqualTo("Production restored: 'production'");
        assertThat(fake.slack).allSatisfy(n -> assertThat(n.key()).startsWith("restore:emergency-restore-production@"));
    }

    @Test
    void aCancelledRestoreStillEndsCancelledRecordedAndTold() throws Exception {
        EmergencyRestoreWorkflow wf = startAndAwaitApproval();
        WorkflowStub.fromTyped(wf).cancel();
        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(fake.calls).contains("incident CANCELLED");
        assertThat(fake.slack).extracting(Notification::title).contains("Emergency restore CANCELLED: 'production'");
    }
}
