package dev.pgdrill.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupWorkflowTest {
    private static final BackupSettings SETTINGS = new BackupSettings(3, 7);

    private final FakeBackupActivities fake = new FakeBackupActivities();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private WorkflowClient client;
    private String taskQueue;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.client = testEnv.getWorkflowClient();
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, BackupWorkflowImpl::new);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
    }

    private BackupWorkflow stub(String id) {
        return client.newWorkflowStub(
                BackupWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(taskQueue)
                        .setWorkflowId(id)
                        .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                .set(PgdrillSearchAttributes.DATABASE, "production")
                                .build())
                        .build());
    }

    @Test
    void dumpsRecordsAndPrunesInRunbookOrder() {
        BackupResult r = stub("backup-ok").run(new BackupRequest("production", "manual", "alice", SETTINGS));
        assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(r.backupId()).isEqualTo("20260117T030000Z");
        assertThat(r.sizeBytes()).isEqualTo(4096);
        assertThat(r.tables()).extracting(TableSummary::name).containsExactly("projects");
        assertThat(r.pruned()).containsExactly("20260101T030000Z");
        assertThat(r.warnings()).isEmpty();
        assertThat(fake.calls)
                .containsExactly(
                        "reserve production manual",
                        "create 20260117T030000Z jobs=3 kind=manual",
                        "complete 20260117T030000Z",
                        "prune production 7");
        assertThat(fake.lastPrune.requestedBy()).isEqualTo("alice");
    }

    @Test
    void aPgBackRestProfileIsBackedUpByPgBackRestRecordedAndNotPrunedByPgdrill() {
        BackupResult r = stub("backup-physical")
                .run(new BackupRequest(
                        "production", "manual", "alice", new BackupSettings(3, 7, "pgbackrest", "incr")));
        assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(r.sizeBytes()).isEqualTo(8192);
        assertThat(r.warnings()).containsExactly("pgBackRest set 20260117-030000F (incr)");
        assertThat(fake.calls)
                .containsExactly(
                        "reserve production manual", "pgbackrest backup 20260117T030000Z type=incr kind=manual");
    }

    @Test
    void aFailedPgBackRestBackupIsRecordedAsFailed() {
        fake.dumpFailure =
                ApplicationFailure.newNonRetryableFailure("ERROR: [082]: WAL segment was not archived", "BackupFailed");
        assertThatThrownBy(() -> stub("backup-physical-fails")
                        .run(new BackupRequest(
                                "production", "manual", "alice", new BackupSettings(3, 7, "pgbackrest", "full"))))
                .hasStackTraceContaining("WAL segment was not archived");
        assertThat(fake.calls).last().asString().startsWith("fail 20260117T030000Z: ");
    }

    @Test
    void reportsEveryStepDoneInTheProgressQuery() {
        BackupWorkflow wf = stub("backup-progress");
        wf.run(new BackupRequest("production", "scheduled", "schedule", SETTINGS));
        assertThat(wf.progress().steps())
                .extracting(s -> s.name() + ":" + s.status())
                .containsExactly("reserve:DONE", "dump:DONE", "record:DONE", "prune:DONE");
        assertThat(wf.progress().steps())
                .allSatisfy(s -> assertThat(s.finishedAtMs()).isGreaterThanOrEqualTo(s.startedAtMs()));
    }

    @Test
    void aFailedDumpIsRecordedAsFailedItsFilesRemovedAndTheRunFails() {
        fake.dumpFailure = ApplicationFailure.newNonRetryableFailure(
                "the repository ran out of space during pg_dump: could not write", FailureType.REPOSITORY.type());
        BackupWorkflow wf = stub("backup-fail");
        assertThatThrownBy(() -> wf.run(new BackupRequest("production", "manual", "alice", SETTINGS)))
                .isInstanceOf(WorkflowFailedException.class)
                .satisfies(e -> {
                    ApplicationFailure af = (ApplicationFailure) e.getCause();
                    assertThat(af.getType()).isEqualTo(FailureType.BACKUP_FAILED.type());
                    BackupResult details = af.getDetails().get(BackupResult.class);
                    assertThat(details.status()).isEqualTo(BackupStatus.FAILED);
                    assertThat(details.failureReason()).contains("ran out of space");
                });
        assertThat(fake.calls)
                .containsExactly(
                        "reserve production manual",
                        "create 20260117T030000Z jobs=3 kind=manual",
                        "discard 20260117T030000Z",
                        "fail 20260117T030000Z: the repository ran out of space during pg_dump: could not write");
        assertThat(fake.calls).noneMatch(c -> c.startsWith("complete") || c.startsWith("prune"));
        assertThat(wf.progress().steps())
                .extracting(s -> s.name() + ":" + s.status())
                .containsExactly("reserve:DONE", "dump:FAILED", "record:SKIPPED", "prune:SKIPPED");
    }

    @Test
    void aFailedPruneIsAWarningNotAFailedBackup() {
        fake.pruneFailure = ApplicationFailure.newNonRetryableFailure("catalog unreachable", "DatabaseError");
        BackupResult r = stub("backup-prune-fails").run(new BackupRequest("production", "manual", "alice", SETTINGS));
        assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(r.warnings()).singleElement().asString().contains("catalog unreachable");
        assertThat(r.pruned()).isEmpty();
    }

    @Test
    void cancellingMidDumpStillRecordsTheFailureAndRemovesFiles() throws Exception {
        fake.dumpBlocks = true;
        fake.dumpStarted = new CountDownLatch(1);
        BackupWorkflow wf = stub("backup-cancel");
        WorkflowClient.start(wf::run, new BackupRequest("production", "manual", "alice", SETTINGS));
        assertThat(fake.dumpStarted.await(10, TimeUnit.SECONDS)).isTrue();
        WorkflowStub untyped = WorkflowStub.fromTyped(wf);
        untyped.cancel();
        assertThatThrownBy(() -> untyped.getResult(BackupResult.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(fake.calls).contains("discard 20260117T030000Z");
        assertThat(fake.calls).anyMatch(c -> c.startsWith("fail 20260117T030000Z"));
    }
}
