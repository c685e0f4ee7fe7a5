package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Part 2 of the emergency restore in workflow logic: the side database prepared during the approval (and
 * dropped when none comes), the switch out of a cancellation's reach, and the commit point.
 */
class SwitchAndCommitWorkflowTest {
    private static final ApprovalPolicy POLICY =
            new ApprovalPolicy("RESTORE PRODUCTION", List.of("alice", "bob"), true, Duration.ofHours(4));
    private final FakeEmergencyActivities fake = new FakeEmergencyActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private Instant now;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        now = EmergencyRuns.serve(testEnv, worker, fake);
        fake.backups.add(FakeEmergencyActivities.backup("newest", now.minus(Duration.ofHours(6))));
    }

    private EmergencyRestoreWorkflow start(String id, boolean prepare) {
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
                        now.minus(Duration.ofMinutes(30)),
                        "carol",
                        "rows deleted",
                        3,
                        new RestoreSettings("staging", POLICY, 2, Duration.ofHours(1), 7, AlertRouting.NONE, prepare)));
        return wf;
    }

    /** Waits for a call that starts with {@code call}. */
    private void awaitCall(String call) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (fake.calls.stream().anyMatch(c -> c.startsWith(call))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never called: " + call + "; calls: " + fake.calls);
    }

    private static Incident result(EmergencyRestoreWorkflow wf) {
        return WorkflowStub.fromTyped(wf).getResult(Incident.class);
    }

    private void approve(EmergencyRestoreWorkflow wf) throws InterruptedException {
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
    }

    @Test
    void theSideDatabaseIsRestoredAndVerifiedWhileTheApprovalIsAwaitedSoOnlyTheSwitchRemains() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-prepared", true);
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        awaitCall("verify production restored newest");
        assertThat(wf.progress().current()).as("still waiting for a human").isEqualTo("awaiting_approval");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.calls.stream().filter(c -> c.equals("restore newest into production")))
                .as("restored once, before the approval")
                .hasSize(1);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("drop production"));
    }

    @Test
    void withoutPreparationTheSideRestoreRunsAfterTheApproval() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-not-prepared", false);
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        Thread.sleep(500);
        assertThat(fake.calls).doesNotContain("restore newest into production");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.calls).containsSubsequence("restore newest into production", "switched");
    }

    @Test
    void aRejectionWhileTheSideRestoreStillRunsCancelsItAndDropsTheSideDatabase() throws Exception {
        fake.sideRestoreBlocks = true;
        EmergencyRestoreWorkflow wf = start("er-reject-while-preparing", true);
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        awaitCall("restore newest into production");
        wf.reject(new Rejection("alice", "the app team restored the rows by hand"));
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.REJECTED);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop production app__pgdrill_"));
        fake.sideRestoreBlocks = false;
    }

    @Test
    void aCancellationDuringTheSwitchWaitsForItToEndThenSwitchesBack() throws Exception {
        fake.switchBlocks = true;
        EmergencyRestoreWorkflow wf = start("er-cancel-switch", true);
        approve(wf);
        assertThat(fake.switchStarted.await(20, TimeUnit.SECONDS)).isTrue();
        WorkflowStub.fromTyped(wf).cancel();
        Thread.sleep(1000);
        assertThat(fake.calls).as("nothing runs alongside the switch").noneMatch(c -> c.startsWith("switch back"));
        fake.switchBlocks = false;
        assertThatThrownBy(() -> result(wf))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(fake.calls)
                .containsSubsequence(
                        "switched", "switch back " + fake.incident.preRestoreDatabase(), "incident CANCELLED");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("commit") || c.startsWith("verify production production"));
        assertThat(fake.calls)
                .as("the side database was switched in: the switch back keeps it as the failed restore")
                .anyMatch(c -> c.startsWith("drop production app__pgdrill_"));
    }

    @Test
    void afterTheCommitPointFailuresAreWarningsAndNeverSwitchBack() throws Exception {
        fake.commitFails = true;
        fake.snapshotFails = true;
        EmergencyRestoreWorkflow wf = start("er-after-commit", true);
        approve(wf);
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch back"));
        assertThat(i.timeline())
                .filteredOn(e -> e.step().equals("warning"))
                .extracting(Incident.Event::detail)
                .anyMatch(d -> d.contains("not committed"))
                .anyMatch(d -> d.contains("pre-restore snapshot failed") && d.contains("is kept"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging"));
    }

    @Test
    void aCancellationAfterTheCommitPointLeavesTheVerifiedRestoreInPlaceAndRecordsItRestored() throws Exception {
        fake.snapshotBlocks = true;
        EmergencyRestoreWorkflow wf = start("er-cancel-after-commit", true);
        approve(wf);
        awaitCall("dump production app__pre_restore_");
        WorkflowStub.fromTyped(wf).cancel();
        Thread.sleep(500);
        fake.snapshotBlocks = false;
        // Temporal ends a cancelled run as cancelled, whatever it returns; what it did is in the record.
        assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
        Incident i = fake.incident;
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.backupId()).isEqualTo("newest");
        assertThat(i.timeline()).anySatisfy(e -> assertThat(e.step() + " " + e.detail())
                .startsWith("cancelled after production was verified"));
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch back"));
        assertThat(fake.calls).containsSubsequence("commit " + i.preRestoreDatabase(), "incident RESTORED");
    }
}
