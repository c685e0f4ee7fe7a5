package dev.pgdrill.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.drill.DrillSettings;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.api.testservice.v1.LockTimeSkippingRequest;
import io.temporal.api.testservice.v1.TestServiceGrpc;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** drill.afterEveryBackup: each new backup drilled right after it, one drill per database at a time. */
class DrillAfterBackupTest {
    private static final BackupSettings SETTINGS = new BackupSettings(2, 7);
    private static final DrillSettings DRILL = new DrillSettings("sandbox", 7, 2);
    private static final String DRILL_ID = "drill-production-after-backup";
    /** How long the awaited drill runs: longer than the backup's own steps take, even on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private final FakeBackupActivities fake = new FakeBackupActivities();
    private final List<DrillRequest> drills = new CopyOnWriteArrayList<>();
    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    /**
     * A drill that runs until the test signals it (any signal), and records what it was asked. No timer: the test
     * environment skips time while a client waits, and would end a sleeping drill before the next backup looks.
     */
    static final class SlowDrill implements RestoreDrillWorkflow {
        private final List<DrillRequest> drills;
        private boolean finish;

        SlowDrill(List<DrillRequest> drills) {
            this.drills = drills;
        }

        @Override
        public DrillResult run(DrillRequest request) {
            drills.add(request);
            Workflow.registerListener((DynamicSignalHandler) (name, args) -> finish = true);
            Workflow.await(() -> finish);
            return new DrillResult(
                    request.drillIdOr(Workflow.getInfo().getWorkflowId()),
                    request.backupId(),
                    Verdict.PASS,
                    1000,
                    Map.of(),
                    List.of(),
                    "pgdrill_drill_0000",
                    "/repo/reports/x.md");
        }

        @Override
        public Progress progress() {
            return new Progress("", List.of());
        }
    }

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, BackupWorkflowImpl::new);
        worker.registerWorkflowImplementationFactory(RestoreDrillWorkflow.class, () -> new SlowDrill(drills));
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        // Drills here are left running on purpose; with time skipping the test server would jump to the next
        // deadline it knows (a run timeout) while a client waits, and end them behind the test's back.
        TestServiceGrpc.newBlockingStub(testEnv.getWorkflowServiceStubs().getRawChannel())
                .lockTimeSkipping(LockTimeSkippingRequest.getDefaultInstance());
    }

    private BackupResult backup(String id, DrillAfter after) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        BackupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build())
                .run(new BackupRequest("production", "scheduled", "schedule", SETTINGS, "", after));
    }

    @Test
    void aBackupStartsADrillOfItselfAndCompletesWithoutWaitingForIt() {
        BackupResult r = backup("backup-then-drill", new DrillAfter(true, false, DRILL));
        assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(r.drill())
                .isEqualTo(new DrillOfBackup(DRILL_ID, "drill-production-20260117T030000Z", "STARTED", ""));
        // The backup is done while its drill still runs: ABANDON, not a wait.
        WorkflowStub drill = testEnv.getWorkflowClient().newUntypedWorkflowStub(DRILL_ID);
        drill.signal("finish");
        DrillResult drilled = drill.getResult(DrillResult.class);
        assertThat(drilled.drillId()).isEqualTo("drill-production-20260117T030000Z");
        assertThat(drills).singleElement().satisfies(d -> {
            assertThat(d.sourceProfile()).isEqualTo("production");
            assertThat(d.backupId()).as("this backup, not a random one").isEqualTo("20260117T030000Z");
            assertThat(d.settings()).isEqualTo(DRILL);
        });
    }

    @Test
    void aBackupIsNotDrilledWhileItsDatabasesLastDrillStillRuns() {
        backup("backup-first", new DrillAfter(true, false, DRILL));
        BackupResult second = backup("backup-second", new DrillAfter(true, false, DRILL));
        assertThat(second.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(second.drill().status()).isEqualTo("NOT_STARTED");
        assertThat(second.warnings()).singleElement().asString().contains("still running as " + DRILL_ID);
        assertThat(drills).hasSize(1);
    }

    @Test
    void waitingForTheDrillReportsItsVerdict() throws InterruptedException {
        BackupWorkflow wf = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        BackupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId("backup-awaits-drill")
                                .build());
        WorkflowClient.start(
                wf::run,
                new BackupRequest(
                        "production", "scheduled", "schedule", SETTINGS, "", new DrillAfter(true, true, DRILL)));
        for (int i = 0; i < 200 && drills.isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(drills).as("the drill started while the backup waits").hasSize(1);
        Thread.sleep(WAIT.toMillis()); // the drill takes a while
        testEnv.getWorkflowClient().newUntypedWorkflowStub(DRILL_ID).signal("finish");
        BackupResult r = WorkflowStub.fromTyped(wf).getResult(BackupResult.class);
        assertThat(r.drill().status()).isEqualTo("PASS");
        assertThat(r.durationMs()).as("the backup's own time, not its drill's").isLessThan(WAIT.toMillis());
    }

    @Test
    void noDrillUnlessAskedAndNeverOfAPreRestoreSnapshot() {
        assertThat(backup("backup-alone", DrillAfter.NONE).drill()).isEqualTo(DrillOfBackup.NONE);
        BackupResult snapshot = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        BackupWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId("backup-snapshot")
                                .build())
                .run(new BackupRequest(
                        "production",
                        BackupRequest.PRE_RESTORE,
                        "restore",
                        SETTINGS,
                        "",
                        new DrillAfter(true, true, DRILL)));
        assertThat(snapshot.drill()).isEqualTo(DrillOfBackup.NONE);
        assertThat(drills).isEmpty();
    }
}
