package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emergency restore's part-1 guarantees: every run its own identity, approvals that identify people. */
class EmergencyRestoreSafetyTest {
    private final FakeEmergencyActivities fake = new FakeEmergencyActivities();
    private final KeyPair bobKey = ed25519();
    private final KeyPair malloryKey = ed25519();

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
        fake.backups.add(FakeEmergencyActivities.backup("older", now.minus(Duration.ofHours(30))));
    }

    private EmergencyRestoreWorkflow start(String id, ApprovalPolicy policy, String requestedBy) {
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
                        requestedBy,
                        "rows deleted",
                        3,
                        new RestoreSettings("staging", policy, 2, Duration.ofHours(1), 7)));
        return wf;
    }

    private EmergencyRestoreWorkflow start(String id) {
        return start(id, policy(SignatureMode.OFF), "carol");
    }

    private ApprovalPolicy policy(SignatureMode mode) {
        return new ApprovalPolicy(
                "RESTORE PRODUCTION",
                List.of("Alice", "bob", "Carol"),
                true,
                Duration.ofHours(4),
                mode,
                Map.of(
                        "bob",
                        Base64.getEncoder().encodeToString(bobKey.getPublic().getEncoded())));
    }

    private static Incident result(EmergencyRestoreWorkflow wf) {
        return WorkflowStub.fromTyped(wf).getResult(Incident.class);
    }

    private static void awaitApproval(EmergencyRestoreWorkflow wf) throws InterruptedException {
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
    }

    @Test
    void twoRestoresOfOneTargetInARowEachRestoreAndRecordOnTheirOwn() throws Exception {
        EmergencyRestoreWorkflow first = start("er-twice");
        awaitApproval(first);
        first.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        Incident one = result(first);

        EmergencyRestoreWorkflow second = start("er-twice");
        awaitApproval(second);
        second.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        Incident two = result(second);

        assertThat(List.of(one.outcome(), two.outcome())).containsOnly(IncidentOutcome.RESTORED);
        assertThat(one.workflowId()).isEqualTo(two.workflowId()).isEqualTo("er-twice");
        assertThat(one.restoreId()).startsWith("emergency-restore-production@").isNotEqualTo(two.restoreId());
        // Each run took its own snapshot and did its own switch: nothing of the first run was mistaken for done.
        assertThat(fake.calls.stream().filter(c -> c.equals("snapshot production pre-restore")))
                .hasSize(2);
        assertThat(fake.calls.stream().filter(c -> c.startsWith("switch app__pgdrill_")))
                .hasSize(2)
                .doesNotHaveDuplicates();
        assertThat(fake.calls.stream().filter(c -> c.equals("incident RESTORED")))
                .hasSize(2);
        // Candidates are held by the run that uses them, and released when it ends.
        assertThat(fake.holders).contains(one.restoreId(), two.restoreId());
        assertThat(fake.calls.stream().filter(c -> c.startsWith("hold ")).count())
                .isEqualTo(fake.calls.stream()
                        .filter(c -> c.startsWith("release "))
                        .count());
    }

    @Test
    void theRequesterCannotApproveInAnyLetterCaseOrSpacing() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-self", policy(SignatureMode.OFF), "Carol");
        awaitApproval(wf);
        for (String self : List.of("carol", " CAROL ", "Carol\t")) {
            assertThatThrownBy(() -> wf.approve(new Approval(self, "RESTORE PRODUCTION", "")))
                    .isInstanceOf(WorkflowUpdateException.class)
                    .rootCause()
                    .hasMessageContaining("cannot approve it too");
        }
        assertThat(wf.approve(new Approval(" ALICE", "RESTORE PRODUCTION", ""))).contains("approved");
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.RESTORED);
    }

    @Test
    void rejectThenApproveEndsRejected() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-reject-first");
        awaitApproval(wf);
        wf.reject(new Rejection("alice", "restored from the app's trash instead"));
        // Refused either way: by the run while it winds down, or by the server once the rejected run has ended.
        assertThatThrownBy(() -> wf.approve(new Approval("bob", "RESTORE PRODUCTION", "")))
                .satisfiesAnyOf(
                        e -> assertThat(e)
                                .isInstanceOf(WorkflowUpdateException.class)
                                .rootCause()
                                .hasMessageContaining("already decided: rejected by alice"),
                        e -> assertThat(e).isInstanceOf(WorkflowNotFoundException.class));
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.REJECTED);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch"));
    }

    @Test
    void anApprovalAndARejectionSentTogetherTakeTheFirstAndRefuseTheOther() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-race");
        awaitApproval(wf);
        WorkflowStub stub = WorkflowStub.fromTyped(wf);
        // Both are accepted (their validators pass: nothing is decided yet) before either handler runs.
        CompletableFuture<WorkflowUpdateHandle<String>> approve = CompletableFuture.supplyAsync(() -> stub.startUpdate(
                UpdateOptions.newBuilder(String.class)
                        .setUpdateName("approve")
                        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                        .build(),
                new Approval("bob", "RESTORE PRODUCTION", "")));
        CompletableFuture<WorkflowUpdateHandle<String>> reject = CompletableFuture.supplyAsync(() -> stub.startUpdate(
                UpdateOptions.newBuilder(String.class)
                        .setUpdateName("reject")
                        .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                        .build(),
                new Rejection("alice", "wait")));
        String approved = outcome(approve);
        String rejected = outcome(reject);
        Incident i = result(wf);
        // Exactly one decision stands, and the run ended the way that decision said.
        assertThat(List.of(approved, rejected))
                .filteredOn(o -> o.startsWith("refused"))
                .hasSize(1);
        assertThat(i.outcome())
                .isEqualTo(approved.startsWith("approved") ? IncidentOutcome.RESTORED : IncidentOutcome.REJECTED);
        assertThat(i.decisions())
                .extracting(Incident.Decision::action)
                .containsAnyOf("approved", "rejected")
                .hasSize(1);
    }

    private static String outcome(CompletableFuture<WorkflowUpdateHandle<String>> update) throws InterruptedException {
        try {
            return update.get().getResultAsync().get();
        } catch (ExecutionException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root.getMessage()).contains("already decided");
            return "refused: " + root.getMessage();
        }
    }

    @Test
    void withSignaturesRequiredOnlyTheApproversOwnKeySignatureIsAccepted() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-signed", policy(SignatureMode.REQUIRED), "carol");
        awaitApproval(wf);
        ApprovalRequest asked = wf.approvalRequest();
        assertThat(asked.backupId()).isEqualTo("newest");
        assertThat(asked.restoreId()).startsWith("emergency-restore-production@");

        assertThatThrownBy(() -> wf.approve(new Approval("bob", "RESTORE PRODUCTION", "")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("unsigned approval is refused");
        assertThatThrownBy(() -> wf.approve(signed(asked, "bob", malloryKey)))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("does not verify");
        ApprovalRequest otherRun = new ApprovalRequest(
                "emergency-restore-production@20200101T000000Z-000000",
                asked.targetProfile(),
                asked.backupId(),
                asked.phrase(),
                asked.signatures());
        assertThatThrownBy(() -> wf.approve(signed(otherRun, "bob", bobKey)))
                .as("a signature for another run approves nothing here")
                .isInstanceOf(WorkflowUpdateException.class);
        wf.approveSignal(new Approval("bob", "RESTORE PRODUCTION", "from the UI"));
        assertThat(wf.approve(signed(asked, "Bob", bobKey))).contains("approved");
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.decisions()).extracting(Incident.Decision::action).containsExactly("ignored-signal", "approved");
        assertThat(i.decisions().get(1).detail()).contains("signed");
    }

    private static Approval signed(ApprovalRequest request, String approver, KeyPair key) throws Exception {
        String at = "2026-01-17T09:40:00Z";
        String privateKey = Base64.getEncoder().encodeToString(key.getPrivate().getEncoded());
        String signature = ApprovalSignatures.sign(
                privateKey, ApprovalSignatures.payload(request, approver, "RESTORE PRODUCTION", at));
        return new Approval(approver, "RESTORE PRODUCTION", "", signature, at);
    }

    @Test
    void aFailureWhileUndoingStillWritesTheIncidentRecordWithWhatFailed() throws Exception {
        fake.productionVerifyFails = true;
        fake.switchBackFails = true;
        EmergencyRestoreWorkflow wf = start("er-undo-fails");
        awaitApproval(wf);
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
        assertThat(fake.incident).isNotNull();
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.FAILED);
        assertThat(fake.incident.timeline())
                .anySatisfy(e -> assertThat(e.detail()).contains("FAILED").contains("rename failed"));
        assertThat(fake.calls).contains("incident FAILED");
        assertThat(fake.calls)
                .as("the staging database is dropped even though the switch back failed")
                .anyMatch(c -> c.startsWith("drop staging"));
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
