package dev.pgdrill.workflows.restore;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One backup into one fresh database, then the verification suite. A child of the drill and the restore. */
@WorkflowInterface
public interface RestoreAndVerifyWorkflow {
    @WorkflowMethod
    RestoreAndVerifyResult run(RestoreAndVerifyRequest request);

    @QueryMethod
    Progress progress();
}
