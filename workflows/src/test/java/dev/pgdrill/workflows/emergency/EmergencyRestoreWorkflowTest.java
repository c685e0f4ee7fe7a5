package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
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

class EmergencyRestoreWorkflowTest {
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
        worker.registerWorkflowImplementationFactory(EmergencyRestoreWorkflow.class, EmergencyRestoreWorkflowImpl::new);
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, BackupWorkflowImpl::new);
        worker.registerWorkflowImplementationTypes(RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.backups.add(FakeEmergencyActivities.backup("newest", now.minus(Duration.ofHours(6))));
        fake.backups.add(FakeEmergencyActivities.backup("older", now.minus(Duration.ofHours(30))));
        fake.backups.add(FakeEmergencyActivities.backup("oldest", now.minus(Duration.ofHours(54))));
        fake.backups.add(FakeEmergencyActivities.backup("after-incident", now.minus(Duration.ofMinutes(10))));
    }

    private EmergencyRestoreWorkflow start(String id, Instant incident) {
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
                        new RestoreSettings("staging", POLICY, 2, Duration.ofHours(1), 7)));
        return wf;
    }

    private EmergencyRestoreWorkflow start(String id) {
        return start(id, now.minus(Duration.ofMinutes(30)));
    }

    private static Incident result(EmergencyRestoreWorkflow wf) {
        return WorkflowStub.fromTyped(wf).getResult(Incident.class);
    }

    @Test
    void restoresTheNewestBackupBeforeTheIncidentAfterAnApproval() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-first-passes");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        assertThat(wf.approve(new Approval("bob", "RESTORE PRODUCTION", "checked staging")))
                .isEqualTo("approved by bob");
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.backupId()).isEqualTo("newest");
        assertThat(i.dataLossWindowMs()).isEqualTo(Duration.ofMinutes(330).toMillis());
        assertThat(i.attempts())
                .singleElement()
                .extracting(Incident.Attempt::verdict)
                .isEqualTo(Verdict.PASS);
        assertThat(i.preRestoreBackupId()).isEqualTo("20260117T093000Z");
        assertThat(i.preRestoreDatabase()).startsWith("app__pre_restore_");
        assertThat(fake.calls)
                .containsSubsequence(
                        "restore newest into staging",
                        "restore newest into production",
                        "verify production restored newest",
                        "switched",
                        "verify production production against " + i.preRestoreDatabase(),
                        "commit " + i.preRestoreDatabase(),
                        "snapshot production pre-restore",
                        "dump production " + i.preRestoreDatabase(),
                        "incident RESTORED");
        assertThat(fake.calls)
                .anyMatch(c -> c.startsWith("switch app__pgdrill_") && c.contains("-> app, old as app__pre_restore_"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging pgdrill_staging_"));
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch back"));
        assertThat(fake.audit).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("bob");
            assertThat(a.action()).isEqualTo("restore.approved");
        });
    }

    @Test
    void fallsBackToAnOlderBackupWhenVerificationFails() throws Exception {
        fake.badBackups.add("newest");
        EmergencyRestoreWorkflow wf = start("er-fallback");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("alice", "RESTORE PRODUCTION", ""));
        Incident i = result(wf);
        assertThat(i.backupId()).isEqualTo("older");
        assertThat(i.attempts()).extracting(Incident.Attempt::backupId).containsExactly("newest", "older");
        assertThat(i.attempts().get(0).why()).contains("content_checksums");
        assertThat(fake.calls.stream().filter(c -> c.startsWith("drop staging")).count())
                .as("the failed attempt's database and the kept one are both dropped")
                .isEqualTo(2);
    }

    @Test
    void failsWithEveryAttemptsReportWhenAllCandidatesFailAndNeverTouchesProduction() {
        fake.badBackups.addAll(List.of("newest", "older", "oldest"));
        EmergencyRestoreWorkflow wf = start("er-all-fail");
        assertThatThrownBy(() -> result(wf))
                .isInstanceOf(WorkflowFailedException.class)
                .satisfies(e -> {
                    ApplicationFailure af = (ApplicationFailure) e.getCause();
                    assertThat(af.getType()).isEqualTo("AllCandidatesFailed");
                    assertThat(af.getDetails().get(Incident.class).attempts()).hasSize(3);
                });
        assertThat(fake.calls).noneMatch(c -> c.contains("production"));
        assertThat(fake.calls).contains("incident ALL_CANDIDATES_FAILED");
    }

    @Test
    void endsClearlyWhenNoBackupPredatesTheIncident() {
        EmergencyRestoreWorkflow wf = start("er-none", now.minus(Duration.ofDays(10)));
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.NO_CANDIDATE);
        assertThat(fake.calls).containsExactly("incident NO_CANDIDATE");
    }

    @Test
    void theValidatorRefusesAWrongPhraseAnUnknownApproverAndSelfApproval() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-validator");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        assertThatThrownBy(() -> wf.approve(new Approval("bob", "restore production", "")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("typed exactly: RESTORE PRODUCTION");
        assertThatThrownBy(() -> wf.approve(new Approval("mallory", "RESTORE PRODUCTION", "")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("'mallory' is not an approver");
        assertThatThrownBy(() -> wf.approve(new Approval("carol", "RESTORE PRODUCTION", "")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("'carol' is not an approver");
        assertThat(fake.calls).noneMatch(c -> c.contains("snapshot"));
        wf.approve(new Approval("alice", "RESTORE PRODUCTION", ""));
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.audit).extracting(a -> a.actor() + " " + a.action()).containsExactly("alice restore.approved");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRestore() throws Exception {
        ApprovalPolicy withCarol =
                new ApprovalPolicy("RESTORE PRODUCTION", List.of("alice", "carol"), true, Duration.ofHours(4));
        assertThat(withCarol.problem(new Approval("carol", "RESTORE PRODUCTION", ""), "carol"))
                .hasValueSatisfying(p -> assertThat(p).contains("requested this restore and cannot approve it"));
        assertThat(withCarol.problem(new Approval("alice", "RESTORE PRODUCTION", ""), "carol"))
                .isEmpty();
        ApprovalPolicy lax = new ApprovalPolicy("RESTORE PRODUCTION", List.of("carol"), false, Duration.ofHours(4));
        assertThat(lax.problem(new Approval("carol", "RESTORE PRODUCTION", ""), "carol"))
                .isEmpty();
    }

    @Test
    void acceptsAnApprovalSignalAndAuditsAndIgnoresAnInvalidOne() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-signal");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approveSignal(new Approval("bob", "yes please", ""));
        wf.approveSignal(new Approval("bob", "RESTORE PRODUCTION", "via the UI"));
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.decisions()).extracting(Incident.Decision::action).containsExactly("ignored-signal", "approved");
        assertThat(fake.audit)
                .extracting(a -> a.action())
                .containsExactly("restore.ignored-signal", "restore.approved");
    }

    @Test
    void aRejectionEndsWithoutTouchingProduction() throws Exception {
        EmergencyRestoreWorkflow wf = start("er-reject");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.reject(new Rejection("alice", "the data is back from the app's soft-delete"));
        assertThat(result(wf).outcome()).isEqualTo(IncidentOutcome.REJECTED);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch") || c.startsWith("snapshot"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging"));
        assertThat(fake.calls)
                .as("the side database prepared during the approval is dropped")
                .anyMatch(c -> c.startsWith("drop production app__pgdrill_"));
    }

    @Test
    void noDecisionInTimeEndsWithoutTouchingProductionAfterReminders() {
        EmergencyRestoreWorkflow wf = start("er-timeout");
        Incident i = result(wf); // the test server skips the four hours
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.APPROVAL_EXPIRED);
        assertThat(i.timeline())
                .filteredOn(e -> e.detail().startsWith("reminder"))
                .hasSize(3);
        assertThat(fake.calls).noneMatch(c -> c.startsWith("switch") || c.startsWith("snapshot"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop production app__pgdrill_"));
    }

    @Test
    void aFailedProductionVerificationSwitchesBack() throws Exception {
        fake.productionVerifyFails = true;
        EmergencyRestoreWorkflow wf = start("er-switch-back");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        Incident i = result(wf);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.SWITCHED_BACK);
        assertThat(fake.calls)
                .containsSubsequence(
                        "verify production production against " + i.preRestoreDatabase(),
                        "switch back " + i.preRestoreDatabase());
        assertThat(fake.calls).noneMatch(c -> c.startsWith("commit") || c.startsWith("snapshot"));
    }

    @Test
    void cancellingDuringTheProductionPhaseLeavesProductionAsItWas() throws Exception {
        fake.productionVerifyBlocks = true;
        EmergencyRestoreWorkflow wf = start("er-cancel");
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThat(fake.productionVerifyStarted.await(20, TimeUnit.SECONDS)).isTrue();
        WorkflowStub.fromTyped(wf).cancel();
        assertThatThrownBy(() -> result(wf))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        fake.productionVerifyBlocks = false;
        assertThat(fake.calls).anyMatch(c -> c.startsWith("switch back app__pre_restore_"));
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging"));
        assertThat(fake.calls).contains("incident CANCELLED");
    }
}
