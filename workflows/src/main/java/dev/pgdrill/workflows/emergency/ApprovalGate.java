package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.FailureType;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The approval step's state: the first decision wins, and a later one is refused with what was decided;
 * every decision and every ignored signal is kept for the audit trail and the incident record.
 * Deterministic: times come from the workflow clock.
 */
final class ApprovalGate {
    private final ApprovalPolicy policy;
    private final String requestedBy;
    private final List<Incident.Decision> decisions = new ArrayList<>();
    private final List<Incident.Decision> unaudited = new ArrayList<>();
    private ApprovalRequest request;
    private boolean open;
    private Optional<Approval> approved = Optional.empty();
    private Optional<Rejection> rejected = Optional.empty();

    ApprovalGate(ApprovalPolicy policy, String requestedBy, ApprovalRequest request) {
        this.policy = policy;
        this.requestedBy = requestedBy;
        this.request = request;
    }

    /** Decisions are taken only while the workflow waits for one, about the backup that passed on staging. */
    void open(String backupId) {
        request = new ApprovalRequest(
                request.restoreId(), request.targetProfile(), backupId, request.phrase(), request.signatures());
        open = true;
    }

    void close() {
        open = false;
    }

    ApprovalRequest request() {
        return request;
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
        return notOpen().or(() -> policy.problem(a, requestedBy, request));
    }

    Optional<String> refusal(Rejection r) {
        return notOpen().or(() -> policy.problem(r));
    }

    /**
     * Takes an approval that passed its validator. Two decisions can pass their validators in the same
     * workflow task; only the first is taken, the second fails its update with what was decided.
     */
    String approve(Approval a, String via) {
        refuseIfDecided();
        approved = Optional.of(a);
        record(
                a.approver(),
                "approved",
                "via " + via + (a.signed() ? ", signed" : ", unsigned")
                        + (a.comment() == null || a.comment().isBlank() ? "" : ": " + a.comment()));
        return "approved by " + a.approver();
    }

    String reject(Rejection r) {
        refuseIfDecided();
        rejected = Optional.of(r);
        record(r.approver(), "rejected", r.reason());
        return "rejected by " + r.approver();
    }

    /** A signal cannot be refused before history: an invalid one is recorded and ignored. */
    void signal(Approval a) {
        Optional<String> why = decided() ? Optional.of(decision()) : refusal(a);
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

    private Optional<String> notOpen() {
        if (decided()) {
            return Optional.of(decision());
        }
        return open ? Optional.empty() : Optional.of("this restore is not waiting for a decision");
    }

    private void refuseIfDecided() {
        if (decided()) {
            throw FailureType.ALREADY_DECIDED.permanent(decision());
        }
    }

    private String decision() {
        return "already decided: "
                + approved.map(a -> "approved by " + a.approver())
                        .orElseGet(() -> "rejected by "
                                + rejected.map(Rejection::approver).orElse("?"));
    }

    private void record(String who, String action, String detail) {
        Incident.Decision d =
                new Incident.Decision(Instant.ofEpochMilli(Workflow.currentTimeMillis()), who, action, detail);
        decisions.add(d);
        unaudited.add(d);
    }
}
