package dev.pgdrill.starter;

import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.Step;
import dev.pgdrill.workflows.progress.StepStatus;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Temporal as far as the class-data training's commands go, inside the training process: a running restore whose
 * progress is one step, and UNIMPLEMENTED for every other call, over a real HTTP/2 connection, so the classes of
 * a successful call and of its answer are loaded too. Never reachable from outside (loopback, a free port, the
 * training's few seconds).
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
}
