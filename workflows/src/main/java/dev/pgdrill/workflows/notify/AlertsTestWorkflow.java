package dev.pgdrill.workflows.notify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** A test notice through every configured channel, each with its retries; one outcome per channel. */
@WorkflowInterface
public interface AlertsTestWorkflow {
    @WorkflowMethod
    List<DeliveryOutcome> run(AlertsTestRequest request);
}
