package dev.pgdrill.workflows.fleet;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Every listed database backed up (or drilled), each by its own child run, a bounded number at a time. */
@WorkflowInterface
public interface FleetWorkflow {
    @WorkflowMethod
    FleetResult run(FleetRequest request);

    /** One step per database, in start order. */
    @QueryMethod
    Progress progress();
}
