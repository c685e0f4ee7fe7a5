package dev.pgdrill.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ExternalBackup;
import dev.pgdrill.workflows.activities.ExternalBackupActivities;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.VerifyBackupRequest;
import dev.pgdrill.workflows.verify.VerifyBackupResult;
import dev.pgdrill.workflows.verify.VerifyBackupWorkflow;
import dev.pgdrill.workflows.verify.VerifyBackupWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code pgdrill verify}'s workflow, with the drill's fakes: a drill that neither chooses nor records. */
class VerifyBackupWorkflowTest {
    private final FakeDrillActivities fake = new FakeDrillActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(VerifyBackupWorkflowImpl.class, RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake, new ExternalBackupActivities() {
            @Override
            public BackupRef importBackup(ExternalBackup b) {
                fake.calls.add("import " + b.path() + " against '" + b.sourceProfile() + "'");
                return new BackupRef("external", "20260117T030000Z-2");
            }

            @Override
            public void forgetBackup(BackupRef b) {
                fake.calls.add("forget " + b.backupId());
            }
        });
        testEnv.start();
    }

    private VerifyBackupResult verify(String id) {
        return verify(id, ExternalBackup.none());
    }

    private VerifyBackupResult verify(String id, ExternalBackup external) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        VerifyBackupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build())
                .run(new VerifyBackupRequest(
                        new BackupRef("production", "20260117T030000Z"),
                        "test",
                        new DrillSettings("sandbox", 7, 2),
                        external));
    }

    @Test
    void holdsTheBackupVerifiesItInASandboxThenReleasesItAndRecordsNothing() throws Exception {
        VerifyBackupResult r = verify("verify-20260117T030000Z-20260118T100000Z");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.database()).startsWith("pgdrill_verify_");
        assertThat(r.checks()).extracting(CheckResult::name).contains("backup_files", "restore", "row_counts");
        assertThat(fake.calls)
                .containsSubsequence(
                        "hold 20260117T030000Z",
                        "create " + r.database(),
                        "verify " + r.database(),
                        "drop " + r.database(),
                        "release 20260117T030000Z")
                // the file check runs beside the creation: either may come first, both before the restore
                .containsSubsequence(
                        "hold 20260117T030000Z",
                        "check_files 20260117T030000Z",
                        "restore 20260117T030000Z into " + r.database());
        assertThat(fake.calls).noneMatch(c -> c.startsWith("record"));
        WorkflowReplayer.replayWorkflowExecution(
                testEnv.getWorkflowClient().fetchHistory("verify-20260117T030000Z-20260118T100000Z"),
                VerifyBackupWorkflowImpl.class);
    }

    @Test
    void aBackupPgdrillDidNotMakeIsTakenInVerifiedAndLetGo() {
        VerifyBackupResult r = verify(
                "verify-file",
                new ExternalBackup("/downloads/app.dump", "production", Instant.parse("2026-01-17T03:00:00Z")));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.backupId()).isEqualTo("20260117T030000Z-2");
        assertThat(fake.calls)
                .containsSubsequence(
                        "import /downloads/app.dump against 'production'",
                        "hold 20260117T030000Z-2",
                        "check_files 20260117T030000Z-2",
                        "release 20260117T030000Z-2",
                        "forget 20260117T030000Z-2");
    }

    @Test
    void aFailedCheckIsAFailVerdict() {
        fake.verifyResult = List.of(CheckResult.fail("views", "1 views", "0", "public.active_projects missing"));
        VerifyBackupResult r = verify("verify-fail");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fake.calls).contains("release 20260117T030000Z");
    }

    @Test
    void aCrashedRestoreIsAFailVerdictAndTheBackupIsReleased() {
        fake.restoreFailure = ApplicationFailure.newNonRetryableFailure("pg_restore not found", "ToolError");
        VerifyBackupResult r = verify("verify-crash");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.checks()).extracting(CheckResult::name).containsExactly("restore_and_verify");
        assertThat(fake.calls).contains("release 20260117T030000Z");
    }
}
