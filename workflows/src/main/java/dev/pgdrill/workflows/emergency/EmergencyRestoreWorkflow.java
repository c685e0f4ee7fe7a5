package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The runbook's emergency restore: staging first (older backups on failure), a typed approval, then
 * production replaced without losing a byte, verified, and the incident written down.
 */
@WorkflowInterface
public interface EmergencyRestoreWorkflow {
    @WorkflowMethod
    Incident run(EmergencyRestoreRequest request);

    /** Approve: the validator refuses a wrong phrase, an unknown approver and self-approval before history. */
    @UpdateMethod
    String approve(Approval approval);

    @UpdateValidatorMethod(updateName = "approve")
    void validateApprove(Approval approval);

    /** The same approval as a Signal (the Temporal UI sends signals); an invalid one is audited and ignored. */
    @SignalMethod(name = "approveSignal")
    void approveSignal(Approval approval);

    /** Reject: the workflow ends without touching production. */
    @UpdateMethod
    String reject(Rejection rejection);

    @UpdateValidatorMethod(updateName = "reject")
    void validateReject(Rejection rejection);

    /** What an approver is asked to approve: the CLI shows it and signs it. */
    @QueryMethod
    ApprovalRequest approvalRequest();

    @QueryMethod
    Progress progress();
}
