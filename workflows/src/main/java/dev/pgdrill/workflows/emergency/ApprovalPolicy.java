package dev.pgdrill.workflows.emergency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may approve a production restore and how. {@link #problem} is the one rule set the Update validator
 * and the Signal handler share. Names compare case- and spacing-insensitively ({@link ApproverNames}).
 *
 * @param signatures  whether approvals must be signed with the approver's Ed25519 key
 * @param publicKeys  approver name (as configured) → base64 X.509 Ed25519 public key
 */
public record ApprovalPolicy(
        String phrase,
        List<String> approvers,
        boolean distinctFromRequester,
        Duration timeout,
        SignatureMode signatures,
        Map<String, String> publicKeys) {

    /** Unsigned approvals: names and the phrase only. */
    public ApprovalPolicy(String phrase, List<String> approvers, boolean distinctFromRequester, Duration timeout) {
        this(phrase, approvers, distinctFromRequester, timeout, SignatureMode.OFF, Map.of());
    }

    /** Why this approval must be refused, before anything was staged (no backup to sign for yet). */
    public Optional<String> problem(Approval a, String requestedBy) {
        return problem(a, requestedBy, new ApprovalRequest("", "", "", phrase, signatures));
    }

    /** Why this approval must be refused, or empty when it is valid; {@code request} is what is being approved. */
    public Optional<String> problem(Approval a, String requestedBy, ApprovalRequest request) {
        if (a == null || !isApprover(a.approver())) {
            return Optional.of("'" + (a == null ? null : a.approver()) + "' is not an approver (approval.approvers: "
                    + String.join(", ", approvers) + ")");
        }
        if (distinctFromRequester && ApproverNames.same(a.approver(), requestedBy)) {
            return Optional.of(a.approver()
                    + " requested this restore and cannot approve it too (approval.distinctFromRequester)");
        }
        if (!phrase.equals(a.phrase())) {
            return Optional.of("the phrase must be typed exactly: " + phrase);
        }
        return signatureProblem(a, request);
    }

    public Optional<String> problem(Rejection r) {
        if (r == null || !isApprover(r.approver())) {
            return Optional.of("'" + (r == null ? null : r.approver()) + "' is not an approver");
        }
        if (r.reason() == null || r.reason().isBlank()) {
            return Optional.of("a rejection needs a reason");
        }
        return Optional.empty();
    }

    private Optional<String> signatureProblem(Approval a, ApprovalRequest request) {
        if (signatures == SignatureMode.OFF) {
            return Optional.empty();
        }
        if (!a.signed()) {
            return signatures == SignatureMode.REQUIRED
                    ? Optional.of("an unsigned approval is refused (approval.signatures: required): approve with"
                            + " pgdrill restore approve --key, signed with " + a.approver() + "'s key")
                    : Optional.empty();
        }
        Optional<String> key = publicKeys.entrySet().stream()
                .filter(e -> ApproverNames.same(e.getKey(), a.approver()))
                .map(Map.Entry::getValue)
                .findFirst();
        if (key.isEmpty()) {
            return Optional.of("no public key for " + a.approver() + " in approval.keys: a signed approval cannot be"
                    + " checked");
        }
        byte[] payload = ApprovalSignatures.payload(request, a.approver(), a.phrase(), a.signedAt());
        return ApprovalSignatures.verify(key.get(), payload, a.signature())
                ? Optional.empty()
                : Optional.of("the signature does not verify with " + a.approver() + "'s key for restore "
                        + request.restoreId() + " of backup " + request.backupId() + ": refused");
    }

    private boolean isApprover(String name) {
        return name != null && approvers.stream().anyMatch(x -> ApproverNames.same(x, name));
    }
}
