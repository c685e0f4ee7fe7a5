package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.ClusterSwitchActivities;
import dev.pgdrill.workflows.activities.PhysicalRestoreActivities;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Steps 1-2 of a pgBackRest profile's emergency restore, and the side cluster's removal: the stanza's sets before
 * the incident, newest first, each checked in the repository, restored to the incident time into the run's side
 * cluster and verified, until one passes; a failed one is removed before the next is tried.
 */
final class SidePreparation {
    private final EmergencyRestoreRequest request;
    private final IncidentLog incident;
    private final SideClusterRequest base;

    private final PhysicalRestoreActivities listing =
            Workflow.newActivityStub(PhysicalRestoreActivities.class, ActivityProfiles.DATABASE);
    // Cancelled, a restore is waited for until it stopped: the discard must come after anything it started.
    private final ClusterSwitchActivities preparing = Workflow.newActivityStub(
            ClusterSwitchActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    private final PhysicalRestoreActivities repository = Workflow.newActivityStub(
            PhysicalRestoreActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    private final ClusterSwitchActivities cleanup =
            Workflow.newActivityStub(ClusterSwitchActivities.class, ActivityProfiles.DATABASE);

    private SideClusterRequest side;
    private boolean sideMayExist;

    SidePreparation(EmergencyRestoreRequest request, IncidentLog incident, SideClusterRequest base) {
        this.request = request;
        this.incident = incident;
        this.base = base;
        this.side = base;
    }

    /** The side cluster with the set last prepared in it. */
    SideClusterRequest side() {
        return side;
    }

    /** The stanza's completed sets that ended before the incident, newest first, up to maxAttempts. */
    List<BackupCandidate> candidates() {
        List<SourceBackup> all = listing.listPhysicalSets(request.targetProfile());
        boolean named = request.backupId() != null && !request.backupId().isEmpty();
        List<BackupCandidate> before = all.stream()
                .filter(s -> "COMPLETED".equals(s.status()))
                .filter(s -> s.finishedAt()
                        .map(f -> f.isBefore(request.incidentTime()))
                        .orElse(false))
                .filter(s -> !named || s.id().equals(request.backupId()))
                .map(s -> new BackupCandidate(s.id(), request.targetProfile(), s.startedAt()))
                .toList();
        List<BackupCandidate> chosen = before.subList(0, Math.min(Math.max(1, request.maxAttempts()), before.size()));
        incident.event(
                "candidates",
                before.size() + " pgBackRest set(s) completed before " + request.incidentTime() + ", trying "
                        + chosen.size());
        return chosen;
    }

    /** Each candidate in turn: repository checks, restore into the side cluster, the suite; the first PASS stays. */
    Optional<BackupCandidate> prepare(List<BackupCandidate> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            BackupCandidate c = candidates.get(i);
            side = base.withLabel(c.backupId());
            Workflow.setCurrentDetails("**Prepare** attempt " + (i + 1) + "/" + candidates.size() + ": set "
                    + c.backupId() + " to " + request.incidentTime());
            List<CheckResult> checks = new ArrayList<>();
            long restoreMs = 0;
            try {
                checks.addAll(repository.verifyPhysicalSet(side.physical()));
                if (Verdicts.of(checks) != Verdict.FAIL) {
                    sideMayExist = true;
                    ClusterOutcome restored = preparing.prepareSideCluster(side);
                    restoreMs = restored.restoreMs();
                    checks.addAll(restored.checks());
                    if (Verdicts.of(checks) != Verdict.FAIL) {
                        checks.addAll(preparing.verifySideCluster(side));
                    }
                }
            } catch (ActivityFailure e) {
                if (e.getCause() instanceof CanceledFailure) {
                    throw e;
                }
                checks.add(
                        CheckResult.fail("workflow", "every step completes", "a step failed", Failures.rootMessage(e)));
            }
            RestoreAndVerifyResult r = new RestoreAndVerifyResult(
                    "side cluster " + side.side(),
                    Verdicts.of(checks),
                    List.copyOf(checks),
                    Map.of(),
                    restoreMs,
                    false);
            incident.attempt(c, r);
            if (r.verdict() == Verdict.PASS) {
                Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.BACKUP_ID.valueSet(c.backupId()));
                return Optional.of(c);
            }
            discard();
        }
        return Optional.empty();
    }

    /** The side cluster stopped and removed (a failure is written into the record: an operator removes it). */
    void discard() {
        if (!sideMayExist) {
            return;
        }
        Workflow.newDetachedCancellationScope(() -> {
                    try {
                        cleanup.discardSideCluster(side);
                        sideMayExist = false;
                    } catch (TemporalFailure e) {
                        incident.event(
                                "warning",
                                "side cluster <data directory>.pgdrill-" + side.side() + " not removed: "
                                        + Failures.rootMessage(e));
                    }
                })
                .run();
    }
}
