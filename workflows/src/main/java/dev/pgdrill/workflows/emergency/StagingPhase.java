package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.Verdict;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Steps 1-2 of the runbook's emergency restore: the candidates before the incident, then each (newest first,
 * up to maxAttempts) restored and verified on staging until one passes. Every candidate is held against
 * retention from the moment it is chosen until the run ends, so no backup this run uses (or may fall back
 * to) can be pruned under it.
 */
final class StagingPhase {
    private static final Logger log = Workflow.getLogger(StagingPhase.class);

    private final EmergencyRestoreRequest request;
    private final String restoreId;
    private final IncidentLog incident;
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private final List<HoldRequest> holds = new ArrayList<>();

    StagingPhase(EmergencyRestoreRequest request, String restoreId, IncidentLog incident) {
        this.request = request;
        this.restoreId = restoreId;
        this.incident = incident;
    }

    /**
     * Regular backups before the incident, newest first; or the one backup the request names (which may
     * be a pre-restore snapshot: an operator's explicit choice). Each is held before it is returned.
     */
    List<BackupCandidate> candidates() {
        boolean named = request.backupId() != null && !request.backupId().isEmpty();
        List<BackupCandidate> all = catalog.listCandidates(
                new CandidatesRequest(request.targetProfile(), Instant.EPOCH, request.incidentTime(), !named));
        List<BackupCandidate> chosen = named
                ? all.stream()
                        .filter(c -> c.backupId().equals(request.backupId()))
                        .toList()
                : all.subList(0, Math.min(Math.max(1, request.maxAttempts()), all.size()));
        for (BackupCandidate c : chosen) {
            HoldRequest hold = new HoldRequest(c.backupId(), restoreId);
            holds.add(hold);
            catalog.holdBackup(hold);
        }
        incident.event(
                "candidates",
                named
                        ? (chosen.isEmpty() ? "backup " + request.backupId() + " is not" : request.backupId() + " is")
                                + " a COMPLETED backup of '" + request.targetProfile() + "' before "
                                + request.incidentTime()
                        : all.size() + " COMPLETED backup(s) before " + request.incidentTime() + ", trying "
                                + chosen.size());
        return chosen;
    }

    /**
     * Candidates in order on staging; a verified one is kept there for people to test against. With
     * {@code like} (production's name, when staging is on production's server and its copy becomes the side
     * database), each is restored with production's owners, grants and settings and verified against them.
     */
    Optional<Staged> stage(List<BackupCandidate> candidates, String like) {
        RestoreSettings settings = request.settings();
        for (int i = 0; i < candidates.size(); i++) {
            BackupCandidate c = candidates.get(i);
            String childId = WorkflowIds.staging(restoreId, i + 1);
            Workflow.setCurrentDetails(
                    "**Staging** attempt " + (i + 1) + "/" + candidates.size() + ": backup " + c.backupId());
            RestoreAndVerifyWorkflow child = Workflow.newChildWorkflowStub(
                    RestoreAndVerifyWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(childId)
                            .setStaticSummary("Staging restore of " + c.backupId())
                            .build());
            RestoreAndVerifyResult r = child.run(new RestoreAndVerifyRequest(
                    new BackupRef(c.profile(), c.backupId()),
                    settings.stagingProfile(),
                    "staging",
                    true,
                    settings.jobs(),
                    "",
                    like));
            incident.attempt(c, r);
            if (r.verdict() == Verdict.PASS) {
                Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(c.backupId()));
                return Optional.of(new Staged(c, r.database(), childId));
            }
            // Notification channels arrive with the monitor; until then the log and the incident record.
            log.warn("staging attempt {} with {} failed: {}", i + 1, c.backupId(), incident.lastAttemptWhy());
        }
        return Optional.empty();
    }

    /** Releases every hold this run took; runs in a detached scope, whatever ended the run. */
    void releaseHolds() {
        Workflow.newDetachedCancellationScope(() -> holds.forEach(catalog::releaseBackup))
                .run();
        holds.clear();
    }

    /** The candidate that passed on staging and the database kept there. */
    record Staged(BackupCandidate backup, String database, String owner) {
        SandboxRequest sandbox(String stagingProfile) {
            return new SandboxRequest(stagingProfile, database, owner);
        }
    }
}
