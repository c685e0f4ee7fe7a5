package dev.pgdrill.workflows.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupSettings;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.DrillAfter;
import dev.pgdrill.workflows.drill.DrillSettings;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetWorkflowTest {
    private static final DrillSettings DRILL = new DrillSettings("sandbox", 7, 2);

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private final List<BackupRequest> backups = new CopyOnWriteArrayList<>();
    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(FleetWorkflowImpl.class);
        worker.registerWorkflowImplementationFactory(BackupWorkflow.class, () -> new FakeChildren.Backup(backups));
        worker.registerWorkflowImplementationFactory(RestoreDrillWorkflow.class, FakeChildren.Drill::new);
        testEnv.start();
    }

    private FleetWorkflow stub(String id) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        FleetWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build());
    }

    private FleetResult run(String id, FleetRequest request) {
        return stub(id).run(request);
    }

    private static FleetRequest backup(List<String> profiles, int bound, List<String> drilledAfter) {
        return new FleetRequest(
                FleetRequest.BACKUP,
                profiles,
                bound,
                "manual",
                "alice",
                FleetRequest.each(profiles, p -> new BackupSettings(2, 7)),
                new DrillAfter(true, false, DRILL),
                drilledAfter,
                FleetRequest.each(profiles, p -> DRILL),
                false);
    }

    /** The most children running at one instant, from the [start, end) each reported on the workflow clock. */
    private static int mostAtOnce(List<FleetOutcome> outcomes) {
        List<long[]> spans = outcomes.stream()
                .map(o -> o.backupId().split("-"))
                .map(p -> new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])})
                .toList();
        return spans.stream()
                .mapToInt(s -> (int)
                        spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count())
                .max()
                .orElse(0);
    }

    @Test
    void runsEveryDatabaseButNeverMoreThanTheBoundAtOnce() {
        List<String> six = List.of("db5", "db1", "db4", "db2", "db6", "db3");
        FleetResult r = run("fleet-backup-bounded", backup(six, 2, List.of()));
        assertThat(r.outcomes()).extracting(FleetOutcome::profile).containsExactlyElementsOf(six);
        assertThat(r.outcomes()).allMatch(FleetOutcome::ok);
        assertThat(r.passed()).isEqualTo(6);
        assertThat(mostAtOnce(r.outcomes())).as("children running at once").isEqualTo(2);
        assertThat(mostAtOnce(
                        run("fleet-backup-unbounded", backup(six, 6, List.of())).outcomes()))
                .as("with room for all, all run at once")
                .isEqualTo(6);
    }

    @Test
    void oneDatabaseFailingFailsOnlyItsOwnLine() {
        FleetResult r = run("fleet-backup-one-fails", backup(List.of("db1", "broken", "db3"), 2, List.of()));
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.passed()).isEqualTo(2);
        assertThat(r.outcomes())
                .extracting(o -> o.profile() + ":" + o.status() + ":" + o.ok())
                .containsExactly("db1:COMPLETED:true", "broken:FAILED:false", "db3:COMPLETED:true");
        FleetOutcome broken = r.outcomes().get(1);
        assertThat(broken.detail()).isEqualTo("pg_dump: connection refused");
        assertThat(broken.workflowId()).startsWith("backup-broken-");
    }

    @Test
    void childIdsArePerDatabaseAndBackupsWaitForTheirOwnDrillWhenAskedFor() {
        FleetResult r = run("fleet-backup-ids", backup(List.of("db1", "db2"), 4, List.of("db2")));
        String stamp = r.outcomes().get(0).workflowId().substring("backup-db1-".length());
        assertThat(r.outcomes())
                .extracting(FleetOutcome::workflowId)
                .containsExactly("backup-db1-" + stamp, "backup-db2-" + stamp);
        // A fleet waits for each backup's drill, so fleet.maxConcurrent bounds drills too; only drilled ones drill.
        assertThat(backups)
                .extracting(b -> b.profile() + ":" + b.drillAfter().enabled() + ":"
                        + b.drillAfter().await())
                .containsExactlyInAnyOrder("db1:false:true", "db2:true:true");
    }

    @Test
    void twoFleetsStartedInTheSameSecondNeverRunADatabaseTwice() {
        // Child ids are fixed by the fleet's start second: the later fleet finds db1's id taken. The clock is the
        // test server's, which may cross a second between the two starts; a few tries make one land in one second.
        for (int attempt = 0; attempt < 5; attempt++) {
            FleetWorkflow first = stub("fleet-first-" + attempt);
            FleetWorkflow second = stub("fleet-second-" + attempt);
            WorkflowClient.start(first::run, backup(List.of("db1"), 1, List.of()));
            WorkflowClient.start(second::run, backup(List.of("db1"), 1, List.of()));
            FleetOutcome a = WorkflowStub.fromTyped(first)
                    .getResult(FleetResult.class)
                    .outcomes()
                    .get(0);
            FleetOutcome b = WorkflowStub.fromTyped(second)
                    .getResult(FleetResult.class)
                    .outcomes()
                    .get(0);
            if (a.workflowId().equals(b.workflowId())) {
                assertThat(List.of(a.status(), b.status())).containsExactlyInAnyOrder("COMPLETED", "NOT_STARTED");
                assertThat(backups).as("db1 backed up once in this attempt").hasSize(2 * attempt + 1);
                return;
            }
        }
        throw new AssertionError("the two fleets never started within one second");
    }

    @Test
    void aDrillFleetReportsEachVerdict() {
        FleetResult r = run(
                "fleet-drill",
                new FleetRequest(
                        FleetRequest.DRILL,
                        List.of("db2", "bad", "db1"),
                        2,
                        "manual",
                        "alice",
                        FleetRequest.each(List.of("db2", "bad", "db1"), p -> new BackupSettings(2, 7)),
                        DrillAfter.NONE,
                        List.of(),
                        FleetRequest.each(List.of("db2", "bad", "db1"), p -> DRILL),
                        true));
        assertThat(r.kind()).isEqualTo("drill");
        assertThat(r.outcomes())
                .extracting(o -> o.profile() + ":" + o.status())
                .containsExactly("db2:PASS", "bad:FAIL", "db1:PASS");
        assertThat(r.outcomes().get(1).detail()).contains("row_counts");
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.workflowId()).startsWith("drill-" + o.profile() + "-"));
        assertThat(r.failed()).isEqualTo(1);
    }
}
