package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.AuditEntry;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/** candidates → staging (older on failure) → approval → production, safely → verify → incident record. */
public class EmergencyRestoreWorkflowImpl implements EmergencyRestoreWorkflow {
    private static final Logger log = Workflow.getLogger(EmergencyRestoreWorkflowImpl.class);

    /** From the request: the configuration as it was when the run started. */
    private RestoreSettings settings;

    private final StepTracker steps = new StepTracker(
            "candidates",
            "staging",
            "awaiting_approval",
            "snapshot",
            "side_restore",
            "switch",
            "verify_production",
            "resume");
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private ApprovalGate gate;
    private final IncidentLog incident = new IncidentLog();

    @Override
    public Incident run(EmergencyRestoreRequest request) {
        settings = request.settings();
        gate = new ApprovalGate(settings.approval(), request.requestedBy());
        incident.start(request, Workflow.getInfo().getWorkflowId());
        ProductionPhase production = new ProductionPhase(steps, incident, request);
        try {
            List<BackupCandidate> candidates = steps.run(
                    "candidates",
                    () -> catalog.listCandidates(
                            new CandidatesRequest(request.targetProfile(), Instant.EPOCH, request.incidentTime())));
            incident.event("candidates", candidates.size() + " COMPLETED backup(s) before " + request.incidentTime());
            if (candidates.isEmpty()) {
                steps.skipRemaining("no backup before the incident");
                return finish(IncidentOutcome.NO_CANDIDATE);
            }
            Optional<Staged> staged = steps.run("staging", () -> stage(request, candidates));
            if (staged.isEmpty()) {
                steps.skipRemaining("every candidate failed on staging");
                Incident failed = finish(IncidentOutcome.ALL_CANDIDATES_FAILED);
                throw ApplicationFailure.newNonRetryableFailure(
                        "no candidate passed verification on staging: " + incident.attemptsSummary()
                                + "; production untouched",
                        FailureType.ALL_CANDIDATES_FAILED.type(),
                        failed);
            }
            production.staged(staged.get());
            IncidentOutcome decision = steps.run("awaiting_approval", this::awaitApproval);
            if (decision != null) {
                steps.skipRemaining("no approval");
                production.dropStaging();
                return finish(decision);
            }
            IncidentOutcome outcome = production.run();
            production.dropStaging();
            return finish(outcome);
        } catch (CanceledFailure e) {
            Workflow.newDetachedCancellationScope(() -> {
                        production.undo();
                        finish(IncidentOutcome.CANCELLED);
                    })
                    .run();
            throw e;
        } catch (ActivityFailure | ChildWorkflowFailure e) {
            // Whatever broke (or was cancelled), production goes back to what it was before the run ends.
            boolean cancelled = e.getCause() instanceof CanceledFailure;
            incident.event(
                    cancelled ? "cancelled" : "failure",
                    String.valueOf(
                            e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            Workflow.newDetachedCancellationScope(() -> {
                        production.undo();
                        finish(cancelled ? IncidentOutcome.CANCELLED : IncidentOutcome.FAILED);
                    })
                    .run();
            throw e;
        }
    }

    /** Candidates newest first on staging, up to maxAttempts; a verified one is kept for people to test. */
    private Optional<Staged> stage(EmergencyRestoreRequest request, List<BackupCandidate> candidates) {
        int attempts = Math.min(Math.max(1, request.maxAttempts()), candidates.size());
        for (int i = 0; i < attempts; i++) {
            BackupCandidate c = candidates.get(i);
            Workflow.setCurrentDetails("**Staging** attempt " + (i + 1) + "/" + attempts + ": backup " + c.backupId());
            RestoreAndVerifyWorkflow child = Workflow.newChildWorkflowStub(
                    RestoreAndVerifyWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(
                                    WorkflowIds.staging(Workflow.getInfo().getWorkflowId(), i + 1))
                            .setStaticSummary("Staging restore of " + c.backupId())
                            .build());
            RestoreAndVerifyResult r = child.run(new RestoreAndVerifyRequest(
                    new BackupRef(c.profile(), c.backupId()),
                    settings.stagingProfile(),
                    "staging",
                    true,
                    settings.jobs(),
                    ""));
            incident.attempt(c, r);
            if (r.verdict() == Verdict.PASS) {
                Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(c.backupId()));
                return Optional.of(new Staged(
                        c, r.database(), WorkflowIds.staging(Workflow.getInfo().getWorkflowId(), i + 1)));
            }
            // Notification channels arrive with the monitor; until then the log and the incident record.
            log.warn("staging attempt {} with {} failed: {}", i + 1, c.backupId(), incident.lastAttemptWhy());
        }
        return Optional.empty();
    }

    /** Waits for a decision with reminders; returns null when approved, else how it ended. */
    private IncidentOutcome awaitApproval() {
        gate.open();
        Workflow.setCurrentDetails(
                "**Awaiting approval**: type '" + settings.approval().phrase() + "' " + "(pgdrill restore approve "
                        + Workflow.getInfo().getWorkflowId() + " --approver NAME)");
        Instant deadline = now().plus(settings.approval().timeout());
        while (!gate.decided() && now().isBefore(deadline)) {
            Duration wait = min(settings.reminderEvery(), Duration.between(now(), deadline));
            if (!Workflow.await(wait, gate::decided) && now().isBefore(deadline)) {
                incident.event(
                        "approval",
                        "reminder: still waiting for an approver ("
                                + String.join(", ", settings.approval().approvers()) + ")");
                log.warn("restore {} still awaits approval", Workflow.getInfo().getWorkflowId());
            }
        }
        gate.close();
        gate.drainUnaudited()
                .forEach(d -> catalog.audit(new AuditEntry(
                        d.who(), "restore." + d.action(), Workflow.getInfo().getWorkflowId(), d.detail())));
        incident.decisions(gate.decisions());
        if (gate.approved().isPresent()) {
            incident.event("approval", "approved by " + gate.approved().get().approver());
            return null;
        }
        if (gate.rejected().isPresent()) {
            incident.event(
                    "approval",
                    "rejected by " + gate.rejected().get().approver() + ": "
                            + gate.rejected().get().reason());
            return IncidentOutcome.REJECTED;
        }
        incident.event("approval", "no decision within " + settings.approval().timeout());
        return IncidentOutcome.APPROVAL_EXPIRED;
    }

    private Incident finish(IncidentOutcome outcome) {
        Incident record = incident.build(outcome);
        catalog.recordIncident(record);
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.VERDICT.valueSet(outcome.name()));
        Workflow.setCurrentDetails(
                "**Outcome:** " + outcome + (record.backupId().isEmpty() ? "" : ", backup " + record.backupId()));
        return record;
    }

    @Override
    public String approve(Approval approval) {
        return gate.approve(approval, "update");
    }

    @Override
    public void validateApprove(Approval approval) {
        refuse(gate == null ? Optional.of("the restore is starting") : gate.refusal(approval));
    }

    @Override
    public void approveSignal(Approval approval) {
        if (gate != null) {
            gate.signal(approval);
        }
    }

    @Override
    public String reject(Rejection rejection) {
        return gate.reject(rejection);
    }

    @Override
    public void validateReject(Rejection rejection) {
        refuse(gate == null ? Optional.of("the restore is starting") : gate.refusal(rejection));
    }

    /** A validator's refusal: thrown before the update enters history, so the caller sees why. */
    private static void refuse(Optional<String> why) {
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }

    static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The candidate that passed on staging and the database kept there. */
    record Staged(BackupCandidate backup, String database, String owner) {
        SandboxRequest sandbox(String stagingProfile) {
            return new SandboxRequest(stagingProfile, database, owner);
        }
    }
}
