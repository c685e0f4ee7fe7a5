package dev.pgdrill.workflows.emergency;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The approval step's state: the first valid decision wins; every decision and every ignored signal is
 * kept for the audit trail and the incident record. Deterministic: times come from the workflow clock.
 */
final class ApprovalGate {
    private final ApprovalPolicy policy;
    private final String requestedBy;
    private final List<Incident.Decision> decisions = new ArrayList<>();
    private final List<Incident.Decision> unaudited = new ArrayList<>();
    private boolean open;
    private Optional<Approval> approved = Optional.empty();
    private Optional<Rejection> rejected = Optional.empty();

    ApprovalGate(ApprovalPolicy policy, String requestedBy) {
        this.policy = policy;
        this.requestedBy = requestedBy;
    }

    /** Decisions are taken only while the workflow waits for one. */
    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    boolean decided() {
        return approved.isPresent() || rejected.isPresent();
    }

    Optional<Approval> approved() {
        return approved;
    }

    Optional<Rejection> rejected() {
        return rejected;
    }

    /** The validator's question: why this approval cannot be taken now, or empty. */
    Optional<String> refusal(Approval a) {
        if (!open) {
            return Optional.of("this restore is not waiting for an approval" + (decided() ? " (already decided)" : ""));
        }
        return policy.problem(a, requestedBy);
    }

    Optional<String> refusal(Rejection r) {
        if (!open) {
            return Optional.of("this restore is not waiting for a decision" + (decided() ? " (already decided)" : ""));
        }
        return policy.problem(r);
    }

    String approve(Approval a, String via) {
        approved = Optional.of(a);
        record(
                a.approver(),
                "approved",
                "via " + via + (a.comment() == null || a.comment().isBlank() ? "" : ": " + a.comment()));
        return "approved by " + a.approver();
    }

    String reject(Rejection r) {
        rejected = Optional.of(r);
        record(r.approver(), "rejected", r.reason());
        return "rejected by " + r.approver();
    }

    /** A signal cannot be refused before history: an invalid one is recorded and ignored. */
    void signal(Approval a) {
        Optional<String> why = refusal(a);
        if (why.isPresent()) {
            record(a == null ? "unknown" : a.approver(), "ignored-signal", why.get());
        } else {
            approve(a, "signal");
        }
    }

    List<Incident.Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** Decisions not yet written to the catalog's audit trail (drained by the workflow). */
    List<Incident.Decision> drainUnaudited() {
        List<Incident.Decision> out = List.copyOf(unaudited);
        unaudited.clear();
        return out;
    }

    private void record(String who, String action, String detail) {
        Incident.Decision d =
                new Incident.Decision(Instant.ofEpochMilli(Workflow.currentTimeMillis()), who, action, detail);
        decisions.add(d);
        unaudited.add(d);
    }
}
