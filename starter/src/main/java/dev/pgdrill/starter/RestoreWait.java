package dev.pgdrill.starter;

import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.emergency.EmergencyRestoreWorkflow;
import dev.pgdrill.workflows.emergency.Incident;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waiting on an emergency restore in one process, instead of a person or a script starting {@code restore status}
 * again and again: until it asks for approval ({@code approve --when-asked}), and until it ends ({@code --wait},
 * Temporal's long poll on the run's result).
 */
final class RestoreWait {
    /** How often the restore is asked whether it waits for a decision: a tenth of a second of lag at most. */
    static final Duration POLL = Duration.ofMillis(100);
    /** How long {@code --when-asked} waits for a restore to start when none runs under the id. */
    static final Duration NO_RUN_LIMIT = Duration.ofMinutes(2);

    /** How a restore ended, the JSON answer of {@code start --wait} and {@code approve --wait}. */
    record End(
            String workflowId,
            String status,
            String outcome,
            String restoreId,
            String backupId,
            String preRestoreDatabase,
            String error) {
        boolean restored() {
            return "RESTORED".equals(outcome);
        }

        String text() {
            if (!error.isEmpty()) {
                return "restore " + workflowId + " " + status + ": " + error;
            }
            return "restore " + workflowId + ": " + outcome
                    + (backupId.isEmpty() ? "" : " from backup " + backupId)
                    + (restoreId.isEmpty() ? "" : " (" + restoreId + ")")
                    + (preRestoreDatabase.isEmpty()
                            ? ""
                            : "; the replaced production is kept as " + preRestoreDatabase);
        }
    }

    private RestoreWait() {}

    /**
     * Returns once the restore under {@code id} waits for a decision about the backup that passed on staging. A run
     * that has not started yet (none under the id, or only runs that ended before this wait began) is waited for, up
     * to {@link #NO_RUN_LIMIT}; a run that ends while waited for is a CliFailure (exit 1).
     */
    static void untilAsked(TemporalSession temporal, String namespace, String id, PrintWriter err) {
        Instant since = Instant.now();
        EmergencyRestoreWorkflow wf = temporal.client().newWorkflowStub(EmergencyRestoreWorkflow.class, id);
        boolean told = false;
        while (true) {
            Optional<WorkflowExecutionInfo> run = describe(temporal, namespace, id);
            boolean running = run.isPresent()
                    && run.get().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
            if (running && asked(wf)) {
                return;
            }
            if (!running && run.isPresent() && run.get().getCloseTime().getSeconds() >= since.getEpochSecond()) {
                throw new CliFailure(
                        ExitCodes.CHECK_FAILED,
                        "restore " + id + " ended ("
                                + run.get().getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "")
                                + ") before it asked for approval (pgdrill restore status " + id + ")");
            }
            if (!running && Duration.between(since, Instant.now()).compareTo(NO_RUN_LIMIT) > 0) {
                throw new CliFailure(
                        ExitCodes.CHECK_FAILED,
                        "no restore " + id + " started within " + NO_RUN_LIMIT.toMinutes()
                                + " minutes; nothing approved");
            }
            if (!told) {
                err.println(
                        "waiting for " + id + " to ask for approval" + (running ? "" : " (it has not started yet)"));
                err.flush();
                told = true;
            }
            sleep();
        }
    }

    /** Waits for the run's result (Temporal's long poll: no polling here) and says how it ended. */
    static End untilEnd(TemporalSession temporal, WorkflowStub run, String id) {
        try {
            Incident i = temporal.call("wait for restore " + id, () -> run.getResult(Incident.class));
            return new End(
                    id, "COMPLETED", i.outcome().name(), i.restoreId(), i.backupId(), i.preRestoreDatabase(), "");
        } catch (WorkflowFailedException e) {
            return new End(id, "FAILED", "", "", "", "", Failures.rootMessage(e));
        } catch (WorkflowException e) {
            return new End(id, "ENDED", "", "", "", "", Failures.rootMessage(e));
        }
    }

    /** Whether the gate is open: the approval request names the backup that passed on staging from then on. */
    private static boolean asked(EmergencyRestoreWorkflow wf) {
        try {
            return !wf.approvalRequest().backupId().isEmpty();
        } catch (WorkflowException e) {
            return false; // a run whose first workflow task has not completed yet cannot answer queries
        }
    }

    private static Optional<WorkflowExecutionInfo> describe(TemporalSession temporal, String namespace, String id) {
        try {
            return Optional.of(temporal.client()
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .build())
                    .getWorkflowExecutionInfo());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            return temporal.call("read restore " + id, () -> {
                throw e;
            });
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.CHECK_FAILED, "interrupted while waiting; nothing approved");
        }
    }
}
