package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.backup.BackupWorkflowImpl;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflowImpl;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;

/** What the emergency restore's workflow tests share: a worker serving the restore and its children, and waiting. */
final class EmergencyRuns {
    private EmergencyRuns() {}

    /** Registers the restore, its children and the fake activities, starts the environment; returns its now. */
    static Instant serve(TestWorkflowEnvironment env, Worker worker, FakeEmergencyActivities fake) {
        worker.registerWorkflowImplementationTypes(
                EmergencyRestoreWorkflowImpl.class, BackupWorkflowImpl.class, RestoreAndVerifyWorkflowImpl.class);
        worker.registerActivitiesImplementations(fake);
        env.start();
        return Instant.ofEpochMilli(env.currentTimeMillis());
    }

    /** Waits (20 s at most, in real time: the run is driven by its own timers) until the run is at {@code step}. */
    static void awaitStep(EmergencyRestoreWorkflow wf, String step) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (step.equals(wf.progress().current())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("workflow never reached step " + step + ": " + wf.progress());
    }
}
