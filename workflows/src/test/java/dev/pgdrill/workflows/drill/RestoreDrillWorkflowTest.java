package dev.pgdrill.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreDrillWorkflowTest {
    private static final DrillSettings SETTINGS = new DrillSettings("sandbox", 7, 2);
    private final FakeDrillActivities fake = new FakeDrillActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;
    private Instant now;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationFactory(RestoreDrillWorkflow.class, RestoreDrillWorkflowImpl::new);
        worker.registerWorkflowImplementationTypes(RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.anchor = now;
        for (int d = 1; d <= 5; d++) {
            fake.backups.add(FakeDrillActivities.backup("in-window-" + d, now.minus(Duration.ofDays(d))));
        }
        fake.backups.add(FakeDrillActivities.backup("too-old", now.minus(Duration.ofDays(9))));
    }

    private RestoreDrillWorkflow stub(String id) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        RestoreDrillWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build());
    }

    private DrillResult drill(String id) {
        return stub(id).run(new DrillRequest("production", "", false, "test", SETTINGS));
    }

    @Test
    void picksARandomBackupInsideTheWindowAndReplaysTheSamePick() throws Exception {
        DrillResult r = drill("drill-random");
        assertThat(r.backupId()).startsWith("in-window-");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        WorkflowExecutionHistory history = testEnv.getWorkflowClient().fetchHistory("drill-random");
        // Replaying the recorded history must make the same choice, or the SDK reports nondeterminism.
        WorkflowReplayer.replayWorkflowExecution(history, RestoreDrillWorkflowImpl.class);
    }

    @Test
    void aChosenOrLatestBackupIsHonoured() {
        assertThat(stub("drill-chosen")
                        .run(new DrillRequest("production", "in-window-3", false, "t", SETTINGS))
                        .backupId())
                .isEqualTo("in-window-3");
        assertThat(stub("drill-latest")
                        .run(new DrillRequest("production", "", true, "t", SETTINGS))
                        .backupId())
                .isEqualTo("in-window-1");
    }

    @Test
    void tearsDownAndReleasesAfterAPass() {
        DrillResult r = drill("drill-pass");
        assertThat(r.database()).startsWith("pgdrill_drill_");
        assertThat(fake.calls)
                .contains(
                        "create " + r.database(),
                        "drop " + r.database(),
                        "hold " + r.backupId(),
                        "release " + r.backupId(),
                        "record PASS");
        assertThat(r.restoreMs()).isEqualTo(4200);
        assertThat(r.durations())
                .containsKeys("select_backup", "restore_and_verify", "restore_and_verify.restore", "record");
        assertThat(r.reportPath()).endsWith(".md");
        assertThat(fake.recorded.checks())
                .extracting(CheckResult::name)
                .contains("backup_files", "restore", "row_counts");
    }

    @Test
    void tearsDownAfterAFailedCheck() {
        fake.verifyResult =
                List.of(CheckResult.fail("row_counts", "109 rows", "108 rows", "public.projects: expected 47, got 46"));
        DrillResult r = drill("drill-failed-check");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fake.calls).contains("drop " + r.database(), "record FAIL");
    }

    @Test
    void damagedFilesFailTheDrillBeforeAnyRestoreAndTheSandboxMadeBesideTheCheckIsDropped() {
        fake.filesResult = CheckResult.fail("backup_files", "as recorded", "1 problem(s)", "dump/3.dat.zst: SHA-256");
        DrillResult r = drill("drill-damaged-files");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.checks()).extracting(CheckResult::name).containsExactly("backup_files");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("restore ") || c.startsWith("verify "));
        assertThat(fake.calls).contains("drop " + r.database(), "release " + r.backupId(), "record FAIL");
    }

    @Test
    void damagedFilesAreTheFindingEvenWhenTheSandboxCouldNotBeCreatedEither() {
        fake.filesResult = CheckResult.fail("backup_files", "as recorded", "1 problem(s)", "dump/3.dat.zst: SHA-256");
        fake.createFailure = ApplicationFailure.newNonRetryableFailure("connection refused", "DatabaseError");
        DrillResult r = drill("drill-damaged-and-no-server");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.checks()).extracting(CheckResult::name).containsExactly("backup_files");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("restore "));
    }

    @Test
    void aDrillCancelledWhileItsSandboxIsCreatedDropsItOnceCreated() throws Exception {
        fake.createBlocks = true;
        RestoreDrillWorkflow wf = stub("drill-cancelled-creating");
        WorkflowClient.start(wf::run, new DrillRequest("production", "", false, "t", SETTINGS));
        assertThat(fake.createStarted.await(10, TimeUnit.SECONDS)).isTrue();
        WorkflowStub.fromTyped(wf).cancel();
        Thread.sleep(300); // the cancellation reaches the workflow while CREATE DATABASE still runs
        String db = createdDatabase();
        assertThat(fake.calls).doesNotContain("drop " + db);
        fake.createBlocks = false;
        awaitCall("drop " + db);
        assertThat(fake.calls).containsSubsequence("created " + db, "drop " + db);
    }

    @Test
    void tearsDownAfterAnActivityFailure() {
        fake.restoreFailure = ApplicationFailure.newNonRetryableFailure("pg_restore not found", "ToolError");
        DrillResult r = drill("drill-activity-fails");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("restore_and_verify");
            assertThat(c.detail()).contains("pg_restore not found");
        });
        assertThat(fake.calls).anyMatch(c -> c.startsWith("drop pgdrill_drill_"));
        assertThat(fake.calls).contains("record FAIL", "release " + r.backupId());
    }

    @Test
    void tearsDownWhenCancelledMidRestore() throws Exception {
        fake.restoreBlocks = true;
        RestoreDrillWorkflow wf = stub("drill-cancelled");
        WorkflowClient.start(wf::run, new DrillRequest("production", "", false, "t", SETTINGS));
        assertThat(fake.restoreStarted.await(10, TimeUnit.SECONDS)).isTrue();
        WorkflowStub.fromTyped(wf).cancel();
        String created = createdDatabase();
        awaitCall("drop " + created);
        fake.restoreBlocks = false;
        assertThat(fake.calls).contains("drop " + created);
    }

    /** The sandbox the drill began to create. */
    private String createdDatabase() {
        return fake.calls.stream()
                .filter(c -> c.startsWith("create "))
                .findFirst()
                .orElseThrow()
                .substring("create ".length());
    }

    /** Waits up to ten seconds for the fakes to see {@code call}; the caller asserts whether they did. */
    private void awaitCall(String call) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!fake.calls.contains(call) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void noBackupInTheWindowIsAClearFailNotACrash() {
        fake.backups.clear();
        fake.backups.add(FakeDrillActivities.backup("too-old", now.minus(Duration.ofDays(30))));
        DrillResult r = drill("drill-nothing");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.backupId()).isEmpty();
        assertThat(r.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("backup_available");
            assertThat(c.detail()).contains("is the daily backup running?");
        });
        assertThat(fake.calls).contains("record FAIL").noneMatch(c -> c.startsWith("create") || c.startsWith("hold"));
    }

    @Test
    void replaysTheRecordedHistoryOfAPassingDrill() throws Exception {
        Path recorded = Path.of("src/test/resources/histories/restore-drill-pass.json");
        if (System.getProperty("pgdrill.recordHistories") != null) {
            drill("drill-recorded");
            Files.writeString(
                    recorded,
                    testEnv.getWorkflowClient().fetchHistory("drill-recorded").toJson(true));
        }
        WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Files.readString(recorded), "drill-recorded"),
                RestoreDrillWorkflowImpl.class);
    }

    /**
     * The restore child's history recorded before its file check and sandbox creation ran side by side
     * (2026-11-26): a run started by an older worker replays on this one.
     */
    @Test
    void replaysTheRecordedHistoryOfARestoreChild() throws Exception {
        Path recorded = Path.of("src/test/resources/histories/restore-and-verify-pass.json");
        String childId = WorkflowIds.drillRestore("drill-recorded-child");
        if (System.getProperty("pgdrill.recordHistories") != null) {
            drill("drill-recorded-child");
            Files.writeString(
                    recorded, testEnv.getWorkflowClient().fetchHistory(childId).toJson(true));
        }
        WorkflowReplayer.replayWorkflowExecution(
                WorkflowExecutionHistory.fromJson(Files.readString(recorded), childId),
                RestoreAndVerifyWorkflowImpl.class);
        // and a run of today's, its file check beside the sandbox's creation
        DrillResult now = drill("drill-child-now");
        assertThat(fake.calls).contains("create " + now.database(), "drop " + now.database());
        WorkflowReplayer.replayWorkflowExecution(
                testEnv.getWorkflowClient().fetchHistory(WorkflowIds.drillRestore("drill-child-now")),
                RestoreAndVerifyWorkflowImpl.class);
    }
}
