package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The monthly disaster-recovery drill: a random recent backup restored into an isolated database and proven. */
@WorkflowInterface
public interface RestoreDrillWorkflow {
    @WorkflowMethod
    DrillResult run(DrillRequest request);

    @QueryMethod
    Progress progress();
}
