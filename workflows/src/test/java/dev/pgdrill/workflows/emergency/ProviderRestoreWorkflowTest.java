package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ProviderPlanRequest;
import dev.pgdrill.workflows.activities.ProviderRestoreActivities;
import dev.pgdrill.workflows.activities.ProviderRestoreCall;
import dev.pgdrill.workflows.activities.ProviderRestorePlan;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.CheckResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
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
 * A Supabase target's emergency restore, provider-native: snapshot → staging → restore point → approval → one
 * restore request → healthy → production verified. The provider's activities are a fake; the snapshot and the
 * staging restore are the real child workflows on the shared fakes.
 */
class ProviderRestoreWorkflowTest {
    private static final ApprovalPolicy POLICY =
            new ApprovalPolicy("RESTORE PRODUCTION", List.of("alice", "bob"), true, Duration.ofHours(4));
    private static final String SNAPSHOT = "20260117T093000Z";

    private final FakeEmergencyActivities fake = new FakeEmergencyActivities();
    private final FakeProvider provider = new FakeProvider();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private Instant incident;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationFactory(EmergencyRestoreWorkflow.class, EmergencyRestoreWorkflowImpl::new);
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, BackupWorkflowImpl::new);
        worker.registerWorkflowImplementationTypes(RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake, provider);
        testEnv.start();
        incident = Instant.ofEpochMilli(testEnv.currentTimeMillis()).minus(Duration.ofMinutes(30));
    }

    /** Supabase's side: records each call; a refusal or a failed restore on demand. */
    static final class FakeProvider implements ProviderRestoreActivities {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile RuntimeException requestFails;
        volatile RuntimeException waitFails;

        @Override
        public ProviderRestorePlan planRestore(ProviderPlanRequest r) {
            calls.add("plan " + r.incidentTime());
            return new ProviderRestorePlan(ProviderRestorePlan.PITR, r.incidentTime(), "inside the window");
        }

        @Override
        public String requestRestore(ProviderRestoreCall call) {
            calls.add("request " + call.plan().label());
            if (requestFails != null) {
                throw requestFails;
            }
            return "accepted";
        }

        @Override
        public List<String> awaitHealthy(String profile) {
            calls.add("await " + profile);
            if (waitFails != null) {
                throw waitFails;
            }
            return List.of("ACTIVE_HEALTHY", "RESTORING", "COMING_UP", "ACTIVE_HEALTHY");
        }

        @Override
        public List<CheckResult> verifyProject(BackupRef reference, String profile) {
            calls.add("verify " + profile + " against " + reference.backupId());
            return List.of(CheckResult.pass("tables_exist", "4 tables", "4 tables", ""));
        }
    }

    private EmergencyRestoreWorkflow start(String id) {
        EmergencyRestoreWorkflow wf = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        EmergencyRestoreWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build());
        RestoreSettings settings = new RestoreSettings(
                "staging", POLICY, 2, Duration.ofHours(1), 7, AlertRouting.NONE, true, false, RestoreSettings.SUPABASE);
        WorkflowClient.start(
                wf::run, new EmergencyRestoreRequest("production", incident, "carol", "rows deleted", 3, settings));
        return wf;
    }

    private EmergencyRestoreWorkflow startAndApprove(String id) throws InterruptedException {
        EmergencyRestoreWorkflow wf = start(id);
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        assertThat(provider.calls).as("nothing asked before the approval").containsExactly("plan " + incident);
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", "staging has the snapshot"));
        return wf;
    }

    private static String timeline(Incident i) {
        return String.join(
                "\n",
                i.timeline().stream().map(e -> e.step() + ": " + e.detail()).toList());
    }

    @Test
    void restoresInPlaceAfterAVerifiedSnapshotAndAnApprovalAskingTheProviderOnce() throws Exception {
        EmergencyRestoreWorkflow wf = startAndApprove("pr-happy");
        Incident i = WorkflowStub.fromTyped(wf).getResult(Incident.class);

        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(i.backupId()).isEqualTo("pitr@" + incident);
        assertThat(i.dataLossWindowMs()).isZero();
        assertThat(i.preRestoreBackupId()).isEqualTo(SNAPSHOT);
        assertThat(i.productionChecks()).extracting(CheckResult::name).contains("tables_exist");
        assertThat(provider.calls)
                .containsExactly(
                        "plan " + incident,
                        "request pitr@" + incident,
                        "await production",
                        "verify production against " + SNAPSHOT);
        assertThat(fake.calls)
                .containsSubsequence(
                        "snapshot production pre-restore",
                        "dump production ",
                        "hold " + SNAPSHOT,
                        "restore " + SNAPSHOT + " into staging")
                .contains("release " + SNAPSHOT, "incident RESTORED")
                .anyMatch(c -> c.startsWith("drop staging pgdrill_staging_"))
                .noneMatch(c -> c.startsWith("switch"));
        assertThat(timeline(i)).contains("ACTIVE_HEALTHY → RESTORING → COMING_UP → ACTIVE_HEALTHY");
    }

    @Test
    void aSnapshotThatFailsOnStagingStopsBeforeTheProviderIsAsked() {
        fake.badBackups.add(SNAPSHOT);
        EmergencyRestoreWorkflow wf = start("pr-bad-snapshot");

        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause()
                .hasMessageContaining("the way back is not proven");
        assertThat(provider.calls).isEmpty();
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.ALL_CANDIDATES_FAILED);
    }

    @Test
    void aRefusedRequestIsNotRetriedAndSaysTheProviderStartedNothing() throws Exception {
        provider.requestFails = ApplicationFailure.newNonRetryableFailure(
                "unable to restore Supabase project 'abcdefghijklmnopqrst' to " + incident + ": the target time is"
                        + " outside the project's recovery window (HTTP 422: out of range)",
                FailureType.SOURCE_REJECTED.type());
        EmergencyRestoreWorkflow wf = startAndApprove("pr-422");

        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(provider.calls).filteredOn(c -> c.startsWith("request")).hasSize(1);
        assertThat(provider.calls).noneMatch(c -> c.startsWith("await"));
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.FAILED);
        assertThat(timeline(fake.incident))
                .contains("HTTP 422")
                .contains("the provider started no restore: production untouched");
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop staging pgdrill_staging_"));
    }

    @Test
    void aRestoreThatNeverGetsHealthyNamesTheVerifiedSnapshotAsTheWayBack() throws Exception {
        provider.waitFails = ApplicationFailure.newNonRetryableFailure(
                "the restore of Supabase project 'abcdefghijklmnopqrst' ended RESTORE_FAILED",
                FailureType.SOURCE_REJECTED.type());
        EmergencyRestoreWorkflow wf = startAndApprove("pr-restore-failed");

        assertThatThrownBy(() -> WorkflowStub.fromTyped(wf).getResult(Incident.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(provider.calls).filteredOn(c -> c.startsWith("request")).hasSize(1);
        assertThat(fake.incident.outcome()).isEqualTo(IncidentOutcome.FAILED);
        assertThat(fake.incident.preRestoreBackupId()).isEqualTo(SNAPSHOT);
        assertThat(timeline(fake.incident))
                .contains("ended RESTORE_FAILED")
                .contains("production is the provider's to finish")
                .contains("the way back is the pre-restore snapshot " + SNAPSHOT + ", verified on staging as"
                        + " pgdrill_staging_");
        assertThat(fake.calls).as("the verified copy is kept").noneMatch(c -> c.startsWith("drop staging"));
        assertThat(timeline(fake.incident)).contains("(the verified snapshot, the way back)");
    }
}
