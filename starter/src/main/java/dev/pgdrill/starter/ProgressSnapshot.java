package dev.pgdrill.starter;

import dev.pgdrill.workflows.activities.ActivityProgress;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.Step;
import dev.pgdrill.workflows.progress.StepStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.PendingChildExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a workflow stands, as lines: its steps (from its {@code progress} query), the heartbeat of its running
 * activity, and the same for the child workflows it is waiting on (a drill's restore, a restore's staging,
 * side restore and snapshot), indented under it. Read from Temporal only: nothing but the workflow id.
 */
final class ProgressSnapshot {
    /** One line: a step, or a running activity's progress under its step. */
    record Line(
            String key,
            int depth,
            String name,
            StepStatus status,
            long elapsedMs,
            String detail,
            Optional<ActivityProgress> progress) {}

    private final WorkflowClient client;
    private final String namespace;

    ProgressSnapshot(WorkflowClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    List<Line> read(String workflowId) {
        List<Line> lines = new ArrayList<>();
        read(workflowId, 0, lines);
        return lines;
    }

    private void read(String workflowId, int depth, List<Line> lines) {
        DescribeWorkflowExecutionResponse d = describe(workflowId);
        Progress p = client.newUntypedWorkflowStub(workflowId).query("progress", Progress.class);
        long now = System.currentTimeMillis();
        for (Step s : p.steps()) {
            long elapsed = s.startedAtMs() == 0 ? 0 : (s.finishedAtMs() > 0 ? s.finishedAtMs() : now) - s.startedAtMs();
            lines.add(new Line(
                    workflowId + "/" + s.name(), depth, s.name(), s.status(), elapsed, s.detail(), Optional.empty()));
            if (s.status() == StepStatus.RUNNING) {
                activity(d)
                        .ifPresent(a -> lines.add(new Line(
                                workflowId + "/" + s.name() + "/" + a.phase(),
                                depth + 1,
                                a.phase(),
                                StepStatus.RUNNING,
                                0,
                                "",
                                Optional.of(a))));
                for (PendingChildExecutionInfo child : d.getPendingChildrenList()) {
                    read(child.getWorkflowId(), depth + 1, lines);
                }
            }
        }
    }

    private DescribeWorkflowExecutionResponse describe(String workflowId) {
        return client.getWorkflowServiceStubs()
                .blockingStub()
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace)
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
    }

    /** The last heartbeat of the workflow's running activity (bytes dumped, items restored, tables verified). */
    static Optional<ActivityProgress> activity(DescribeWorkflowExecutionResponse d) {
        for (PendingActivityInfo a : d.getPendingActivitiesList()) {
            if (a.hasHeartbeatDetails()) {
                ActivityProgress p = DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                        0, Optional.of(a.getHeartbeatDetails()), ActivityProgress.class, ActivityProgress.class);
                if (p != null && p.phase() != null) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
