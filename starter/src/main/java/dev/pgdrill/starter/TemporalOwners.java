package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.RunningWorkflows;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.errordetails.v1.NotFoundFailure;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.StatusUtils;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@link RunningWorkflows} for {@code pgdrill cleanup} from Temporal: a workflow runs when its
 * latest run's status is RUNNING. Only "workflow not found" means not running; any other error (server
 * unreachable, namespace missing, which is also NOT_FOUND, permission denied) leaves the state unknown.
 */
final class TemporalOwners implements RunningWorkflows {
    private static final long DEADLINE_SECONDS = 10;

    private final PgdrillConfig.Temporal config;
    private final WorkflowServiceStubs stubs;
    /** Why Temporal could not be asked, the first time: every later question then fails fast with it. */
    private String whyUnknown;

    TemporalOwners(PgdrillConfig.Temporal config, WorkflowServiceStubs stubs) {
        this.config = config;
        this.stubs = stubs;
    }

    @Override
    public boolean running(String workflowId) throws StateUnknownException {
        if (whyUnknown != null) {
            throw unknown(workflowId);
        }
        try {
            WorkflowExecutionStatus status = stubs.blockingStub()
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(config.namespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getWorkflowExecutionInfo()
                    .getStatus();
            return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (StatusRuntimeException e) {
            if (StatusUtils.hasFailure(e, NotFoundFailure.class)) {
                return false; // never started here, or its history is past retention: not running
            }
            // "UNAVAILABLE io exception" alone does not say what failed; the cause does ("Connection refused").
            String d = e.getStatus().getDescription();
            Throwable cause = e.getStatus().getCause();
            whyUnknown = e.getStatus().getCode()
                    + (d == null || d.isBlank()
                            ? ""
                            : " " + d.lines().findFirst().orElse(""))
                    + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
            throw unknown(workflowId);
        }
    }

    /** Why Temporal could not be asked, once it could not. */
    Optional<String> whyUnknown() {
        return Optional.ofNullable(whyUnknown);
    }

    private StateUnknownException unknown(String workflowId) {
        return new StateUnknownException("unable to ask Temporal at " + config.address() + " (namespace '"
                + config.namespace() + "') whether workflow '" + workflowId + "' is running: " + whyUnknown);
    }
}
