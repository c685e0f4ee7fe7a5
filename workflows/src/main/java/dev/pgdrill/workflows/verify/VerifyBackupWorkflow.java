package dev.pgdrill.workflows.verify;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** {@code pgdrill verify}: the verification suite on one backup, ad hoc, with no drill record. */
@WorkflowInterface
public interface VerifyBackupWorkflow {
    @WorkflowMethod
    VerifyBackupResult run(VerifyBackupRequest request);

    @QueryMethod
    Progress progress();
}
