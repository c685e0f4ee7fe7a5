package dev.pgdrill.workflows.emergency;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who may approve a production restore and how. {@link #problem} is the one rule set the Update validator,
 * the Signal handler and the CLI share.
 */
public record ApprovalPolicy(String phrase, List<String> approvers, boolean distinctFromRequester, Duration timeout) {

    /** Why this approval must be refused, or empty when it is valid. */
    public Optional<String> problem(Approval a, String requestedBy) {
        if (a == null || a.approver() == null || !approvers.contains(a.approver())) {
            return Optional.of("'" + (a == null ? null : a.approver()) + "' is not an approver (approval.approvers: "
                    + String.join(", ", approvers) + ")");
        }
        if (distinctFromRequester && a.approver().equals(requestedBy)) {
            return Optional.of(a.approver()
                    + " requested this restore and cannot approve it too (approval.distinctFromRequester)");
        }
        if (!phrase.equals(a.phrase())) {
            return Optional.of("the phrase must be typed exactly: " + phrase);
        }
        return Optional.empty();
    }

    public Optional<String> problem(Rejection r) {
        if (r == null || r.approver() == null || !approvers.contains(r.approver())) {
            return Optional.of("'" + (r == null ? null : r.approver()) + "' is not an approver");
        }
        if (r.reason() == null || r.reason().isBlank()) {
            return Optional.of("a rejection needs a reason");
        }
        return Optional.empty();
    }
}
