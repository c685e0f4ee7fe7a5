package dev.pgdrill.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Channel;
import dev.pgdrill.workflows.notify.ChannelRoute;
import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Notification;
import dev.pgdrill.workflows.notify.Severity;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.client.WorkflowOptions;
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

/** A failed drill is told through every routed channel with the checks that failed it; a passed one is not. */
class DrillFailNoticeTest {
    private static final DrillSettings SETTINGS = new DrillSettings(
            "sandbox",
            7,
            2,
            new AlertRouting(
                    List.of(
                            new ChannelRoute(Channel.SLACK, Severity.WARNING),
                            new ChannelRoute(Channel.EMAIL, Severity.CRITICAL)),
                    "http://127.0.0.1:8233",
                    "default",
                    ""));

    static final class Recording extends FakeDrillActivities {
        final List<Delivery> delivered = new CopyOnWriteArrayList<>();

        @Override
        public DeliveryOutcome deliver(Delivery d) {
            delivered.add(d);
            return new DeliveryOutcome(d.channel(), true, "ok");
        }
    }

    private final Recording fake = new Recording();

    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(RestoreDrillWorkflowImpl.class, RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        Instant now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.anchor = now;
        fake.backups.add(FakeDrillActivities.backup("b1", now.minus(Duration.ofDays(1))));
    }

    private DrillResult drill(String id) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        RestoreDrillWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId(id)
                                .build())
                .run(new DrillRequest("production", "", true, "test", SETTINGS));
    }

    @Test
    void aFailedDrillNotifiesWithItsFailedChecks() {
        fake.verifyResult =
                List.of(CheckResult.fail("row_counts", "109 rows", "108 rows", "public.projects: expected 47, got 46"));
        DrillResult r = drill("drill-fails");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fake.delivered)
                .extracting(Delivery::channel)
                .containsExactlyInAnyOrder(Channel.SLACK, Channel.EMAIL);
        Notification n = fake.delivered.get(0).notification();
        assertThat(n.kind()).isEqualTo("drill_failed");
        assertThat(n.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(n.title()).isEqualTo("Restore drill of 'production' FAILED");
        assertThat(n.details())
                .containsExactly("row_counts: expected 109 rows, got 108 rows (public.projects: expected 47, got 46)");
        assertThat(n.hint()).isEqualTo("pgdrill drills show drill-fails");
        assertThat(n.runUrl()).isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/drill-fails");
    }

    @Test
    void aPassedDrillNotifiesNobody() {
        assertThat(drill("drill-passes").verdict()).isEqualTo(Verdict.PASS);
        assertThat(fake.delivered).isEmpty();
    }
}
