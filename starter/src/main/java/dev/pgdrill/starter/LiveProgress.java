package dev.pgdrill.starter;

import dev.pgdrill.core.Sizes;
import dev.pgdrill.workflows.activities.ActivityProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While the CLI waits for a workflow, prints what its running activity last heartbeated (bytes written,
 * items restored) to stderr, a line each time it changes. Reads Temporal's own record of the pending
 * activity, so it needs nothing from the workflow but its id.
 */
final class LiveProgress implements AutoCloseable {
    private static final long INTERVAL_SECONDS = 3;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgdrill-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String last = "";

    /**
     * Waits for a started run's result, printing the progress of {@code watchedId} (the run or its child)
     * to stderr unless the output is JSON. A failed run (not a FAIL verdict: the run itself) is exit 3.
     *
     * @param what the run in words, for the error message ("the drill")
     */
    static <R> R await(
            CliContext cli, TemporalSession temporal, Object stub, Class<R> type, String what, String watchedId) {
        try (LiveProgress progress = cli.json()
                ? null
                : new LiveProgress(temporal.client(), cli.config().temporal().namespace(), watchedId, cli.err())) {
            return temporal.call(
                    "wait for " + what, () -> WorkflowStub.fromTyped(stub).getResult(type));
        } catch (WorkflowFailedException e) {
            throw new CliFailure(
                    ExitCodes.INFRASTRUCTURE,
                    what + " workflow failed: "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()));
        }
    }

    LiveProgress(WorkflowClient client, String namespace, String workflowId, PrintWriter err) {
        timer.scheduleAtFixedRate(
                () -> {
                    try {
                        current(client, namespace, workflowId)
                                .filter(line -> !line.equals(last))
                                .ifPresent(line -> {
                                    last = line;
                                    err.println("  " + line);
                                    err.flush();
                                });
                    } catch (RuntimeException ignored) {
                        // progress is a courtesy: a failed poll must never fail the command
                    }
                },
                INTERVAL_SECONDS,
                INTERVAL_SECONDS,
                TimeUnit.SECONDS);
    }

    static Optional<String> current(WorkflowClient client, String namespace, String workflowId) {
        var resp = client.getWorkflowServiceStubs()
                .blockingStub()
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
        for (PendingActivityInfo a : resp.getPendingActivitiesList()) {
            if (!a.hasHeartbeatDetails()) {
                continue;
            }
            ActivityProgress p = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                    0, Optional.of(a.getHeartbeatDetails()), ActivityProgress.class, ActivityProgress.class);
            if (p != null && p.phase() != null) {
                return Optional.of(describe(p.phase(), p.done(), p.total()));
            }
        }
        return Optional.empty();
    }

    static String describe(String phase, long done, long total) {
        return switch (phase) {
            case "dump" -> "dump: " + Sizes.human(done) + " written";
            case "manifest" -> "manifest: " + done + " tables counted";
            case "seal" ->
                "seal: " + Sizes.human(done) + (total > 0 ? " of " + Sizes.human(total) : "") + " checksummed";
            default -> phase + ": " + done + (total > 0 ? " of " + total : "");
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
