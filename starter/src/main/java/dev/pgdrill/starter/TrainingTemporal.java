package dev.pgdrill.starter;

import com.google.protobuf.Timestamp;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.Step;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Temporal as far as the class-data training's commands go, inside the training process: a running restore whose
 * progress is one step, a drill that starts and has passed when it is waited for (the classes of a start, of the
 * long poll for its result and of the history that carries it: a drill with {@code --wait} loaded some 450 of
 * them from the jar, unverified, about 50 ms), and UNIMPLEMENTED for every other call, over a real HTTP/2
 * connection, so the classes of a successful call and of its answer are loaded too. Never reachable from outside
 * (loopback, a free port, the training's few seconds).
 */
final class TrainingTemporal extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    static Server start() throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new TrainingTemporal())
                .build()
                .start();
    }

    @Override
    public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> out) {
        out.onNext(GetSystemInfoResponse.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void describeWorkflowExecution(
            DescribeWorkflowExecutionRequest request, StreamObserver<DescribeWorkflowExecutionResponse> out) {
        out.onNext(DescribeWorkflowExecutionResponse.newBuilder()
                .setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
                        .setExecution(request.getExecution())
                        .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
                .build());
        out.onCompleted();
    }

    @Override
    public void queryWorkflow(QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> out) {
        Progress progress = new Progress(
                "staging", List.of(new Step("staging", StepStatus.RUNNING, System.currentTimeMillis(), 0, "")));
        out.onNext(QueryWorkflowResponse.newBuilder()
                .setQueryResult(DefaultDataConverter.STANDARD_INSTANCE
                        .toPayloads(progress)
                        .orElseThrow())
                .build());
        out.onCompleted();
    }

    @Override
    public void startWorkflowExecution(
            StartWorkflowExecutionRequest request, StreamObserver<StartWorkflowExecutionResponse> out) {
        out.onNext(StartWorkflowExecutionResponse.newBuilder()
                .setRunId(UUID.randomUUID().toString())
                .setStarted(true)
                .build());
        out.onCompleted();
    }

    @Override
    public void getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest request, StreamObserver<GetWorkflowExecutionHistoryResponse> out) {
        DrillResult passed = new DrillResult(
                request.getExecution().getWorkflowId(),
                "20260101T000000Z",
                Verdict.PASS,
                1000,
                Map.of("restore_and_verify.restore", 1000L),
                List.of(CheckResult.pass("row_counts", "1 rows", "1 rows", "")),
                "pgdrill_drill_training",
                "reports/training.md");
        out.onNext(GetWorkflowExecutionHistoryResponse.newBuilder()
                .setHistory(History.newBuilder()
                        .addEvents(HistoryEvent.newBuilder()
                                .setEventId(1)
                                .setEventTime(Timestamp.newBuilder()
                                        .setSeconds(Instant.now().getEpochSecond()))
                                .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)
                                .setWorkflowExecutionCompletedEventAttributes(
                                        WorkflowExecutionCompletedEventAttributes.newBuilder()
                                                .setResult(DefaultDataConverter.STANDARD_INSTANCE
                                                        .toPayloads(passed)
                                                        .orElseThrow()))))
                .build());
        out.onCompleted();
    }
}
