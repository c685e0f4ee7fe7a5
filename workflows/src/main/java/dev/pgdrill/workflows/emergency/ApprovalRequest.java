package dev.pgdrill.workflows.emergency;

/**
 * What an approver is asked to approve (the {@code approvalRequest} query): the CLI shows it and signs it.
 *
 * @param backupId empty until a candidate passed on staging
 */
public record ApprovalRequest(
        String restoreId, String targetProfile, String backupId, String phrase, SignatureMode signatures) {}
