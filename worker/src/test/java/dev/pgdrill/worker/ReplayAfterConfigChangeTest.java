package dev.pgdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.emergency.Approval;
import dev.pgdrill.workflows.emergency.EmergencyRestoreRequest;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.FakeEmergencyActivities;
import dev.pgdrill.workflows.emergency.Incident;
import dev.pgdrill.workflows.emergency.IncidentOutcome;
import dev.pgdrill.workflows.testing.TestEnvironments;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow decides only on its request and on activity results: a configuration file changed while a
 * restore is open changes neither its decisions nor its replay. The history is made under one file and
 * replayed by a worker registered (as {@code pgdrill-worker} does) from a very different one.
 */
class ReplayAfterConfigChangeTest {
    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    @TempDir
    Path dir;

    private static String yaml(String approvers, String timeout, String reminderEvery, String staging, int jobs) {
        String profile = "{ role: %s, host: 127.0.0.1, port: 5432, database: %s, user: postgres, password: \"${PW}\" }";
        return "catalog: { database: ops }\n"
                + "databases:\n"
                + "  production: " + profile.formatted("production", "app") + "\n"
                + "  staging: " + profile.formatted("staging", "postgres") + "\n"
                + "  staging2: " + profile.formatted("staging", "other") + "\n"
                + "  sandbox: " + profile.formatted("sandbox", "postgres") + "\n"
                + "  ops: " + profile.formatted("catalog", "pgdrill_catalog") + "\n"
                + "repository: { path: \"" + "repo" + "\" }\n"
                + "backup: { database: production, retentionDays: 7, jobs: " + jobs + " }\n"
                + "drill: { target: sandbox, windowDays: 7 }\n"
                + "restore: { staging: " + staging + ", reminderEvery: " + reminderEvery + " }\n"
                + "approval: { phrase: RESTORE PRODUCTION, approvers: [" + approvers + "], timeout: " + timeout
                + " }\n";
    }

    private PgdrillConfig load(Path file) {
        return new ConfigLoader(Map.of("PW", "secret")::get).load(file);
    }

    @Test
    void anEmergencyRestoreReplaysAfterTheConfigurationFileChanged(TestWorkflowEnvironment testEnv, Worker worker)
            throws Exception {
        Path file = dir.resolve("pgdrill.yaml");
        Files.writeString(file, yaml("alice, bob", "6h", "1h", "staging", 2));
        PgdrillConfig before = load(file);

        FakeEmergencyActivities fake = new FakeEmergencyActivities();
        worker.registerWorkflowImplementationTypes(Registrations.WORKFLOWS.toArray(Class<?>[]::new));
        worker.registerActivitiesImplementations(fake);
        testEnv.start();
        Instant now = Instant.ofEpochMilli(testEnv.currentTimeMillis());
        fake.backups.add(FakeEmergencyActivities.backup("newest", now.minus(Duration.ofHours(6))));

        EmergencyRestoreWorkflow wf = testEnv.getWorkflowClient()
                .newWorkflowStub(
                        EmergencyRestoreWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .setWorkflowId("er-config-change")
                                .build());
        WorkflowClient.start(
                wf::run,
                new EmergencyRestoreRequest(
                        "production",
                        now.minus(Duration.ofMinutes(30)),
                        "carol",
                        "rows deleted",
                        3,
                        WorkflowSettings.restore(before)));
        awaitApprovalStep(wf);
        testEnv.sleep(Duration.ofMinutes(150)); // two reminders at the 1h interval the run started with
        wf.approve(new Approval("bob", "RESTORE PRODUCTION", ""));
        assertThat(WorkflowStub.fromTyped(wf).getResult(Incident.class).outcome())
                .isEqualTo(IncidentOutcome.RESTORED);
        WorkflowExecutionHistory history = testEnv.getWorkflowClient().fetchHistory("er-config-change");

        // Everything the run decided on, changed: who approves, the approval timeout (a run reading it now
        // would have expired before the approval came, a different history), reminders, staging, jobs.
        Files.writeString(file, yaml("erin", "1h", "5m", "staging2", 8));
        PgdrillConfig after = load(file);
        assertThat(WorkflowSettings.restore(after)).isNotEqualTo(WorkflowSettings.restore(before));

        TestWorkflowEnvironment replayEnv = TestWorkflowEnvironment.newInstance();
        try {
            Worker replayWorker = replayEnv.newWorker("replay");
            Registrations.register(
                    replayWorker, after, ScheduleClient.newInstance(replayEnv.getWorkflowServiceStubs()));
            WorkflowReplayer.replayWorkflowExecution(history, replayWorker);
        } finally {
            replayEnv.close();
        }
    }

    private static void awaitApprovalStep(EmergencyRestoreWorkflow wf) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"awaiting_approval".equals(wf.progress().current())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("never reached awaiting_approval: " + wf.progress());
            }
            Thread.sleep(50);
        }
    }
}
