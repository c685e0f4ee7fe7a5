package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.TemporalConnection;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.common.SearchAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The CLI's connection to Temporal, and the one place its gRPC errors become a clear exit 3. */
final class TemporalSession implements AutoCloseable {
    private final PgdrillConfig config;
    private final TemporalConnection connection;

    TemporalSession(PgdrillConfig config) {
        this.config = config;
        this.connection = new TemporalConnection(config.temporal());
    }

    WorkflowClient client() {
        return connection.client();
    }

    /**
     * A stub for a new run on pgdrill's task queue: one run per id at a time (a second start fails), the
     * profile as the {@code PgdrillDatabase} search attribute, and a summary for the Temporal UI.
     */
    <W> W newRun(Class<W> type, String workflowId, String profile, String summary, String details) {
        return newRun(type, workflowId, profile, summary, details, o -> o);
    }

    /** The same, with options of its own on top (a run timeout). */
    <W> W newRun(
            Class<W> type,
            String workflowId,
            String profile,
            String summary,
            String details,
            UnaryOperator<WorkflowOptions.Builder> more) {
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setTaskQueue(config.temporal().taskQueue())
                .setWorkflowId(workflowId)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(PgdrillSearchAttributes.DATABASE, profile)
                        .build())
                .setStaticSummary(summary);
        if (!details.isEmpty()) {
            options.setStaticDetails(details);
        }
        return connection.client().newWorkflowStub(type, more.apply(options).build());
    }

    /**
     * Starts a run; when one is already running under its id, a CliFailure (exit 1) says {@code alreadyRunning}.
     * Returns what every start command prints: the workflow id, the run id and, with temporal.uiUrl, its link.
     */
    Started start(String what, Supplier<WorkflowExecution> start, String alreadyRunning) {
        try {
            WorkflowExecution run = call(what, start);
            return new Started(
                    run.getWorkflowId(),
                    run.getRunId(),
                    config.temporal()
                            .runLink(run.getWorkflowId(), run.getRunId())
                            .orElse(""));
        } catch (WorkflowExecutionAlreadyStarted e) {
            throw new CliFailure(ExitCodes.CHECK_FAILED, alreadyRunning);
        }
    }

    /** The JSON answer of every command that starts a workflow. */
    record Started(String workflowId, String runId, String uiUrl) {
        /** The lines a person reads: the id, and where to watch it. */
        String text() {
            return workflowId + " (run " + runId + ")" + (uiUrl.isEmpty() ? "" : "\n  Temporal UI: " + uiUrl);
        }
    }

    /**
     * Waits for a run's result; a run that failed is a CliFailure (exit 3) naming {@code what}.
     *
     * @param stub the typed stub the run was started with
     */
    <R> R result(String what, Object stub, Class<R> type) {
        try {
            return call(
                    "wait for the " + what, () -> WorkflowStub.fromTyped(stub).getResult(type));
        } catch (WorkflowFailedException e) {
            throw new CliFailure(
                    ExitCodes.INFRASTRUCTURE,
                    "the " + what + " failed: "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()));
        }
    }

    /** Whether workflows run, for cleanup's refusal to touch a database a running workflow owns. */
    TemporalOwners owners() {
        return new TemporalOwners(config.temporal(), connection.stubs());
    }

    ScheduleClient schedules() {
        return connection.schedules();
    }

    /** Whether Temporal answers within a few seconds: a cron job's check must not hang on a dead address. */
    boolean reachable() {
        try {
            connection
                    .stubs()
                    .blockingStub()
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    /**
     * Whether a worker polls pgdrill's task queue: what only a worker can do (read a source with its credentials)
     * is refused at once with a clear message instead of waiting. Temporal forgets a dead worker's poller after a
     * few minutes, so a run timeout remains the backstop.
     */
    boolean workerPolls() {
        return call("describe task queue '" + config.temporal().taskQueue() + "'", () -> connection
                                .stubs()
                                .blockingStub()
                                .withDeadlineAfter(10, TimeUnit.SECONDS)
                                .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                                        .setNamespace(config.temporal().namespace())
                                        .setTaskQueue(TaskQueue.newBuilder()
                                                .setName(config.temporal().taskQueue())
                                                .build())
                                        .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                                        .build()))
                        .getPollersCount()
                > 0;
    }

    /** Runs a call against Temporal; an unreachable server is a CliFailure with the address, not a trace. */
    <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (WorkflowException e) {
            throw e; // about the workflow itself (already started, failed, update refused): the caller's to explain
        } catch (RuntimeException e) {
            StatusRuntimeException grpc = grpcCause(e);
            if (grpc == null) {
                throw e;
            }
            String d = grpc.getStatus().getDescription();
            throw new CliFailure(
                    ExitCodes.INFRASTRUCTURE,
                    "unable to " + what + " at Temporal "
                            + config.temporal().address() + " (namespace '"
                            + config.temporal().namespace() + "'): "
                            + grpc.getStatus().getCode()
                            + (d == null ? "" : " " + d.lines().findFirst().orElse(""))
                            + " (run pgdrill doctor)");
        }
    }

    private static StatusRuntimeException grpcCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() {
        connection.close();
    }
}
