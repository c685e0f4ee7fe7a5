package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An emergency restore of a pgBackRest profile ({@code source: pgbackrest}): the stanza's sets before the
 * incident, newest first, each restored to the incident time into a side cluster until one verifies; the side
 * cluster removed on every path that does not switch; a failed switch or production check goes back.
 */
class ClusterRestoreWorkflowTest {
    private static final ApprovalPolicy POLICY =
            new ApprovalPolicy("RESTORE PRODUCTION", List.of("alice", "bob"), true, Duration.ofHours(4));
    private final FakeClusterActivities fake = new FakeClusterActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private Instant incident;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        Instant now = EmergencyRuns.serve(testEnv, worker, fake);
        incident = now.minus(Duration.ofMinutes(30));
        fake.set("after-incident", now.minus(Duration.ofMinutes(10)));
        fake.set("newest", now.minus(Duration.ofHours(6)));
        fake.set("older", now.minus(Duration.ofHours(30)));
    }

    private EmergencyRestoreWorkflow start(String id) {
        EmergencyRestoreWorkflow wf = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        EmergencyRestoreWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build());
        WorkflowClient.start(
                wf::run,
                new EmergencyRestoreRequest(
                        "production",
                        incident,
                        "carol",
                        "rows deleted",
                        3,
                        new RestoreSettings(
                                "",
                                POLICY,
                                2,
                                Duration.ofHours(1),
                                7,
                                AlertRouting.NONE,
                                true,
                                false,
                                RestoreSettings.PGBACKREST)));
        return wf;
    }

    private Incident approved(String id) throws InterruptedException {
        EmergencyRestoreWorkflow wf = start(id);
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        return WorkflowStub.fromTyped(wf).getResult(Incident.class);
    }

    @Test
    void fallsBackToAnOlderSetRestoredToTheIncidentTimeThenSwitchesAfterTheApproval() throws Exception {
        fake.badSets.add("newest");
        Incident i = approved("er-cluster-ok");
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.backupId()).isEqualTo("older");
        String to = " to " + incident;
        assertThat(fake.calls)
                .filteredOn(c -> !c.startsWith("list") && !c.startsWith("record") && !c.startsWith("audit"))
                .containsSubsequence(
                        "verify repository newest" + to,
                        "prepare newest" + to,
                        "verify side newest",
                        "verify repository older" + to,
                        "prepare older" + to,
                        "verify side older",
                        "switch cluster older",
                        "verify production",
                        "commit cluster")
                .noneMatch(c -> c.contains("after-incident"))
                .doesNotContain("switch cluster back");
        assertThat(fake.calls.stream().filter(c -> c.startsWith("discard")).count())
                .as("the failed side cluster removed, the committed one not")
                .isEqualTo(1);
    }

    @Test
    void aRejectionRemovesTheSideClusterAndNeverSwitches() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-cluster-rejected");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.reject(new Rejection("bob", "restored from the app instead"));
        Incident i = WorkflowStub.fromTyped(wf).getResult(Incident.class);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.REJECTED);
        assertThat(fake.calls).anyMatch(c -> c.startsWith("discard")).noneMatch(c -> c.startsWith("switch"));
    }

    @Test
    void aCancellationDuringTheApprovalRemovesTheSideClusterAndNeverSwitches() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-cluster-cancelled");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        WorkflowStub.fromTyped(wf).cancel();
        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(fake.calls).contains("discard").noneMatch(c -> c.startsWith("switch"));
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.CANCELLED);
    }

    @Test
    void aProductionThatFailsVerificationIsSwitchedBackAndTheSideRemoved() throws Exception {
        fake.clusterVerifyFails = true;
        Incident i = approved("er-cluster-back");
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.SWITCHED_BACK);
        assertThat(fake.calls)
                .containsSubsequence("switch cluster newest", "verify production", "switch cluster back", "discard")
                .doesNotContain("commit cluster");
    }

    @Test
    void aSwitchThatFailsGoesBackBeforeTheRunFails() throws Exception {
        fake.clusterSwitchFails = true;
        EmergencyRestoreWorkflow wf = start("er-cluster-failed");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(fake.calls)
                .containsSubsequence("switch cluster newest", "switch cluster back", "discard")
                .doesNotContain("commit cluster");
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.FAILED);
    }
}
