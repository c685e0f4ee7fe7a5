package dev.pgdrill.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A drill of a pgBackRest profile: the source kind travels in the request; the set comes from the stanza's
 * own list; verify → restore into a cluster → verify → the cluster removed always; nothing held in the catalog.
 */
class PhysicalDrillWorkflowTest {
    private static final DrillSettings SETTINGS =
            new DrillSettings("sandbox", 7, 2, AlertRouting.NONE, DrillSettings.PGBACKREST);

    /** The drill's catalog calls, and the pgBackRest activities, with every call recorded in order. */
    static final class Fake extends FakeDrillActivities {
        final List<SourceBackup> sets = new ArrayList<>();
        volatile List<CheckResult> repository = List.of(CheckResult.pass("pgbackrest_verify", "ok", "ok", ""));
        volatile boolean restoreCrashes;

        @Override
        public List<SourceBackup> listPhysicalSets(String profile) {
            calls.add("list " + profile);
            return sets;
        }

        @Override
        public List<CheckResult> verifyPhysicalSet(PhysicalRestoreRequest r) {
            calls.add("verify_repository " + r.label());
            return repository;
        }

        @Override
        public ClusterOutcome restoreCluster(PhysicalRestoreRequest r) {
            calls.add("restore " + r.label() + " " + (r.pointInTime() ? "time" : "immediate"));
            if (restoreCrashes) {
                throw new IllegalStateException("the worker lost its disk");
            }
            return new ClusterOutcome(1234, List.of(CheckResult.pass("cluster_starts", "starts", "starts", "")));
        }

        @Override
        public List<CheckResult> verifyCluster(PhysicalRestoreRequest r) {
            calls.add("verify_cluster");
            return List.of(CheckResult.pass("amcheck", "no corruption", "exit 0", ""));
        }

        @Override
        public void dropCluster(PhysicalRestoreRequest r) {
            calls.add("drop " + r.cluster().replaceAll("[0-9a-f]{8}$", "X"));
        }
    }

    private final Fake fake = new Fake();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(RestoreDrillWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        Instant now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.sets.add(set("20260117-030000F_20260118-030000I", now.minus(Duration.ofDays(1)), "COMPLETED"));
        fake.sets.add(set("20260117-030000F", now.minus(Duration.ofDays(2)), "COMPLETED"));
        fake.sets.add(set("20260101-030000F", now.minus(Duration.ofDays(20)), "COMPLETED"));
    }

    private static SourceBackup set(String label, Instant at, String status) {
        return new SourceBackup(label, "production", "pgbackrest", "full", status, at, Optional.of(at), 1, "");
    }

    private DrillResult drill(String id, String backupId) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        RestoreDrillWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build())
                .run(new DrillRequest("production", backupId, true, "test", SETTINGS));
    }

    @Test
    void restoresTheNewestSetIntoAClusterVerifiesItAndRemovesIt() throws Exception {
        DrillResult r = drill("drill-physical", "");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.backupId()).isEqualTo("20260117-030000F_20260118-030000I");
        assertThat(r.restoreMs()).isEqualTo(1234);
        assertThat(fake.calls)
                .containsExactly(
                        "list production",
                        "verify_repository 20260117-030000F_20260118-030000I",
                        "restore 20260117-030000F_20260118-030000I immediate",
                        "verify_cluster",
                        "drop drill_X",
                        "record PASS");
        WorkflowReplayer.replayWorkflowExecution(
                testEnv.getWorkflowClient().fetchHistory("drill-physical"), RestoreDrillWorkflowImpl.class);
    }

    @Test
    void toAPointInTimeItRecoversFromTheNewestSetThatEndedBefore() {
        Instant now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        String target = now.minus(Duration.ofHours(36)).toString(); // between the two newest sets
        DrillResult r = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        RestoreDrillWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId("drill-physical-pitr")
                                .build())
                .run(new DrillRequest("production", "", false, "test", SETTINGS, target, ""));
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.backupId()).isEqualTo("20260117-030000F");
        assertThat(fake.calls).contains("restore 20260117-030000F time");
    }

    @Test
    void aBrokenRepositoryFailsBeforeAnythingIsRestored() {
        fake.repository = List.of(CheckResult.fail("backup_wal", "archived", "not all there", "missing"));
        DrillResult r = drill("drill-physical-broken", "20260117-030000F");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.checks()).extracting(CheckResult::name).contains("backup_wal");
        assertThat(fake.calls).containsExactly("list production", "verify_repository 20260117-030000F", "record FAIL");
    }

    @Test
    void aCrashedRestoreStillRemovesTheClusterAndFails() {
        fake.restoreCrashes = true;
        DrillResult r = drill("drill-physical-crash", "");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fake.calls).contains("drop drill_X").last().isEqualTo("record FAIL");
    }
}
