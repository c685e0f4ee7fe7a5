package dev.pgdrill.workflows.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staging on production's server ({@link RestoreSettings#reuseStaging}): the backup is restored and fully
 * verified once, on staging, like production; the side database is a copy of it, checked to be that copy.
 */
class StagingReuseWorkflowTest {
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

    private Incident approvedRun(String id, boolean reuse) throws InterruptedException {
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
                        new RestoreSettings(
                                "staging", POLICY, 2, Duration.ofHours(1), 7, AlertRouting.NONE, true, reuse)));
        EmergencyRuns.awaitStep(wf, "awaiting_approval");
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        return WorkflowStub.fromTyped(wf).getResult(Incident.class);
    }

    /** Where the first call starting with each prefix is in the calls (all must be there). */
    private List<Integer> firstCalls(String... prefixes) {
        List<Integer> at = new ArrayList<>();
        for (String p : prefixes) {
            int i = 0;
            while (i < fake.calls.size() && !fake.calls.get(i).startsWith(p)) {
                i++;
            }
            assertThat(i).as("a call '" + p + "…' in " + fake.calls).isLessThan(fake.calls.size());
            at.add(i);
        }
        return at;
    }

    @Test
    void theSideDatabaseIsACopyOfTheVerifiedStagingDatabaseSoTheBackupIsRestoredOnce() throws Exception {
        Incident i = approvedRun("er-reuse", true);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.restoredLike)
                .as("restored once, on staging, with production's owners and grants")
                .containsExactly("staging like 'app'");
        assertThat(firstCalls(
                        "verify staging restored newest",
                        "copy pgdrill_staging_",
                        "verify copy app__pgdrill_",
                        "switch app__pgdrill_",
                        "commit ",
                        "incident RESTORED"))
                .isSorted();
        assertThat(fake.calls)
                .anyMatch(c -> c.matches("copy pgdrill_staging_\\w+ to app__pgdrill_\\w+"))
                .anyMatch(c -> c.matches("verify copy app__pgdrill_\\w+ like app"))
                .anyMatch(c -> c.startsWith("drop staging pgdrill_staging_"))
                .noneMatch(c -> c.startsWith("verify production restored"));
    }

    @Test
    void aStagingDatabaseSomeoneUsesIsNotCopiedTheSideDatabaseIsRestoredLikeProductionInstead() throws Exception {
        fake.stagingInUse = true;
        Incident i = approvedRun("er-reuse-in-use", true);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.restoredLike).containsExactly("staging like 'app'", "production like 'app'");
        assertThat(firstCalls("copy pgdrill_staging_", "verify production restored newest"))
                .isSorted();
        assertThat(i.timeline())
                .anyMatch(e -> e.step().equals("side_restore") && e.detail().contains("not copied"));
    }

    @Test
    void aCopyThatFailsItsChecksIsNeverSwitchedInAndIsDropped() throws Exception {
        fake.copyVerifyFails = true;
        Incident i = approvedRun("er-reuse-copy-fails", true);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.SIDE_RESTORE_FAILED);
        assertThat(fake.calls)
                .noneMatch(c -> c.startsWith("switch"))
                .anyMatch(c -> c.startsWith("drop production app__pgdrill_"))
                .anyMatch(c -> c.startsWith("drop staging pgdrill_staging_"));
    }

    @Test
    void withStagingElsewhereTheSideDatabaseIsRestoredOnItsOwnLikeProduction() throws Exception {
        Incident i = approvedRun("er-no-reuse", false);
        assertThat(i.outcome()).isEqualTo(IncidentOutcome.RESTORED);
        assertThat(fake.restoredLike)
                .as("staging as a plain restore; the side database with production's owners and grants")
                .containsExactly("staging like ''", "production like 'app'");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("copy"));
    }
}
