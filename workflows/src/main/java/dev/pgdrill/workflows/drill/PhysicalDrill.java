package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.ClusterOutcome;
import dev.pgdrill.workflows.activities.PhysicalRestoreActivities;
import dev.pgdrill.workflows.activities.PhysicalRestoreRequest;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A drill of a pgBackRest stanza: pick a set from the stanza's own list → {@code pgbackrest verify} → restore
 * it into an ephemeral cluster → verify the cluster → remove it (always, in a detached scope). Decides only
 * on its request (the source kind travels in {@link DrillSettings}) and on activity results.
 */
final class PhysicalDrill {
    // Listing and removal take seconds; a stanza that is not ok (ConfigurationError) is not retried.
    private final PhysicalRestoreActivities listing =
            Workflow.newActivityStub(PhysicalRestoreActivities.class, ActivityProfiles.DATABASE);
    // Cancelled, the restore is waited for until it stopped: the removal must come after anything it starts.
    private final PhysicalRestoreActivities physical = Workflow.newActivityStub(
            PhysicalRestoreActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.LONG_RUNNING)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    private final PhysicalRestoreActivities teardown =
            Workflow.newActivityStub(PhysicalRestoreActivities.class, ActivityProfiles.DATABASE);
    private Optional<CheckResult> listingFailed = Optional.empty();

    /** Why the stanza could not list its sets ({@code pgbackrest_info}), when that is why nothing was picked. */
    Optional<CheckResult> listingFailed() {
        return listingFailed;
    }

    /** A named set, the newest in the window, or a random one (Workflow.newRandom replays the same pick). */
    Optional<BackupCandidate> select(DrillRequest request, Instant now) {
        Instant from = now.minus(Duration.ofDays(request.settings().windowDays()));
        List<SourceBackup> all;
        try {
            all = listing.listPhysicalSets(request.sourceProfile());
        } catch (ActivityFailure e) {
            // A stanza that is not ok is a failed drill naming pgBackRest's status, recorded like any other.
            listingFailed = Optional.of(
                    CheckResult.fail("pgbackrest_info", "the stanza lists its sets", "error", Failures.rootMessage(e)));
            return Optional.empty();
        }
        if (!request.targetTime().isEmpty()) {
            // To a point in time: the newest set that ended before it (the list is newest first).
            Instant target = Instant.parse(request.targetTime());
            return all.stream()
                    .filter(s -> "COMPLETED".equals(s.status()))
                    .filter(s -> s.finishedAt().map(f -> f.isBefore(target)).orElse(false))
                    .filter(s -> request.backupId().isEmpty() || s.id().equals(request.backupId()))
                    .findFirst()
                    .map(s -> new BackupCandidate(s.id(), request.sourceProfile(), s.startedAt()));
        }
        List<SourceBackup> sets = all.stream()
                .filter(s -> "COMPLETED".equals(s.status()))
                .filter(s -> !request.backupId().isEmpty()
                        ? s.id().equals(request.backupId())
                        : !s.startedAt().isBefore(from))
                .toList();
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        SourceBackup pick = request.backupId().isEmpty() && !request.latest()
                ? sets.get(Workflow.newRandom().nextInt(sets.size()))
                : sets.get(0); // newest first
        return Optional.of(new BackupCandidate(pick.id(), request.sourceProfile(), pick.startedAt()));
    }

    /** verify → restore → verify the cluster; the cluster is removed whatever happens. */
    RestoreAndVerifyResult restoreAndVerify(DrillRequest request, String label) {
        String cluster = ("drill_" + Workflow.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        PhysicalRestoreRequest r =
                new PhysicalRestoreRequest(request.sourceProfile(), label, cluster, request.targetTime());
        Map<String, Long> durations = new LinkedHashMap<>();
        List<CheckResult> checks = new ArrayList<>();
        long restoreMs = 0;
        try {
            checks.addAll(timed("verify_repository", durations, () -> physical.verifyPhysicalSet(r)));
        } catch (TemporalFailure e) {
            // pgbackrest could not run (after retries): a failed drill naming it, recorded like any other.
            checks.add(
                    CheckResult.fail("pgbackrest_verify", "pgbackrest verify runs", "failed", Failures.rootMessage(e)));
        }
        if (Verdicts.of(checks) == Verdict.FAIL) {
            return result(cluster, checks, durations, 0);
        }
        try {
            ClusterOutcome restored = timed("restore", durations, () -> physical.restoreCluster(r));
            restoreMs = restored.restoreMs();
            checks.addAll(restored.checks());
            if (Verdicts.of(checks) != Verdict.FAIL) {
                checks.addAll(timed("verify", durations, () -> physical.verifyCluster(r)));
            }
        } catch (TemporalFailure e) {
            checks.add(CheckResult.fail("workflow", "every step completes", "a step failed", Failures.rootMessage(e)));
        } finally {
            Workflow.newDetachedCancellationScope(() -> timed("teardown", durations, () -> {
                        teardown.dropCluster(r);
                        return null;
                    }))
                    .run();
        }
        return result(cluster, checks, durations, restoreMs);
    }

    private static RestoreAndVerifyResult result(
            String cluster, List<CheckResult> checks, Map<String, Long> durations, long restoreMs) {
        return new RestoreAndVerifyResult(
                "cluster " + cluster,
                Verdicts.of(checks),
                List.copyOf(checks),
                Map.copyOf(durations),
                restoreMs,
                false);
    }

    private static <T> T timed(String step, Map<String, Long> durations, Supplier<T> body) {
        long start = Workflow.currentTimeMillis();
        try {
            return body.get();
        } finally {
            durations.put(step, Workflow.currentTimeMillis() - start);
        }
    }
}
