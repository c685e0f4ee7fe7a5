package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.activities.BackupCandidate;
import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.CandidatesRequest;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.activities.DrillRecord;
import dev.pgdrill.workflows.activities.HoldRequest;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.restore.RestoreAndVerifyRequest;
import dev.pgdrill.workflows.restore.RestoreAndVerifyResult;
import dev.pgdrill.workflows.restore.RestoreAndVerifyWorkflow;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/** select backup → restore and verify (child; tears its database down) → record. */
public class RestoreDrillWorkflowImpl implements RestoreDrillWorkflow {
    /** The change id of the backup's release running beside the drill's record. */
    static final String RELEASE_BESIDE_RECORD = "release-beside-record";

    private static final Logger log = Workflow.getLogger(RestoreDrillWorkflowImpl.class);

    private final StepTracker steps = new StepTracker("select_backup", "restore_and_verify", "record");
    private final CatalogActivities catalog =
            Workflow.newActivityStub(CatalogActivities.class, ActivityProfiles.CATALOG);
    private final PhysicalDrill physical = new PhysicalDrill();

    @Override
    public DrillResult run(DrillRequest request) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        String drillId = request.drillIdOr(workflowId);
        Instant started = now();
        Map<String, Long> durations = new LinkedHashMap<>();
        // The source kind travels in the request: a pgBackRest stanza's sets are its own, not the catalog's.
        Optional<BackupCandidate> chosen = steps.timed(
                "select_backup",
                durations,
                () -> request.settings().physical() ? physical.select(request, started) : select(request, started));
        if (chosen.isEmpty()) {
            CheckResult none = physical.listingFailed()
                    .orElseGet(() -> CheckResult.fail(
                            "backup_available",
                            "a COMPLETED backup of '" + request.sourceProfile() + "' in the last "
                                    + request.settings().windowDays() + " days",
                            "none",
                            request.backupId().isEmpty()
                                    ? "no backup to drill: is the daily backup running?"
                                    : "backup " + request.backupId() + " is not a COMPLETED backup of '"
                                            + request.sourceProfile() + "'"));
            steps.skipRemaining("no backup");
            return finish(
                    request,
                    drillId,
                    started,
                    "",
                    new RestoreAndVerifyResult("", Verdict.FAIL, List.of(none), Map.of(), 0, false),
                    durations);
        }
        BackupCandidate backup = chosen.get();
        Workflow.upsertTypedSearchAttributes(
                PgdrillSearchAttributes.BACKUP_ID.valueSet(backup.backupId()),
                PgdrillSearchAttributes.DATABASE.valueSet(request.sourceProfile()));
        if (request.settings().physical()) {
            // pgBackRest's retention, not pgdrill's, keeps its sets: there is nothing to hold in the catalog.
            RestoreAndVerifyResult result = steps.timed(
                    "restore_and_verify", durations, () -> physical.restoreAndVerify(request, backup.backupId()));
            return finish(request, drillId, started, backup.backupId(), result, durations);
        }
        HoldRequest hold = new HoldRequest(backup.backupId(), drillId);
        catalog.holdBackup(hold); // retention leaves the backup alone while the drill uses it
        RestoreAndVerifyResult result;
        Promise<Void> released;
        try {
            RestoreAndVerifyWorkflow child = Workflow.newChildWorkflowStub(
                    RestoreAndVerifyWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(WorkflowIds.drillRestore(workflowId))
                            .setStaticSummary("Drill restore of " + backup.backupId() + " into '"
                                    + request.settings().targetProfile() + "'")
                            .build());
            result = steps.timed(
                    "restore_and_verify",
                    durations,
                    () -> child.run(new RestoreAndVerifyRequest(
                            new BackupRef(backup.profile(), backup.backupId()),
                            request.settings().targetProfile(),
                            "drill",
                            false,
                            request.settings().jobs(),
                            "")));
        } catch (TemporalFailure e) {
            // A crashed step is a failed drill, recorded like any other; the child has torn its database down.
            String why = Failures.rootMessage(e);
            log.warn("drill {} of {} failed: {}", drillId, backup.backupId(), why);
            result = RestoreAndVerifyResult.crashed(why);
        } finally {
            released = release(hold);
        }
        // A failed release fails the run after the drill is recorded (the hold stays, which retention respects);
        // a failed record is the failure reported, the release's added to it.
        DrillResult out;
        try {
            out = finish(request, drillId, started, backup.backupId(), result, durations);
        } catch (RuntimeException e) {
            try {
                released.get();
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed);
            }
            throw e;
        }
        released.get();
        return out;
    }

    /**
     * Releases the hold, in a detached scope (a cancelled drill releases too); beside the record that follows,
     * which does not need it, except in runs started before the two ran side by side, which replay in order.
     */
    private Promise<Void> release(HoldRequest hold) {
        List<Promise<Void>> release = new ArrayList<>();
        if (Workflow.getVersion(RELEASE_BESIDE_RECORD, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            Workflow.newDetachedCancellationScope(() -> catalog.releaseBackup(hold))
                    .run();
            return Workflow.newPromise(null);
        }
        Workflow.newDetachedCancellationScope(() -> release.add(Async.procedure(catalog::releaseBackup, hold)))
                .run();
        return release.get(0);
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }

    /** A chosen id, the newest in the window, or a random one: Workflow.newRandom replays the same pick. */
    private Optional<BackupCandidate> select(DrillRequest request, Instant now) {
        Instant from = request.backupId().isEmpty()
                ? now.minus(Duration.ofDays(request.settings().windowDays()))
                : Instant.EPOCH;
        List<BackupCandidate> candidates = catalog.listCandidates(new CandidatesRequest(
                // Random and latest picks are regular backups; a backup named by id may be any kind.
                request.sourceProfile(),
                from,
                now.plusSeconds(1),
                request.backupId().isEmpty()));
        if (!request.backupId().isEmpty()) {
            return candidates.stream()
                    .filter(c -> c.backupId().equals(request.backupId()))
                    .findFirst();
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (request.latest()) {
            return Optional.of(candidates.get(0)); // newest first
        }
        return Optional.of(candidates.get(Workflow.newRandom().nextInt(candidates.size())));
    }

    private DrillResult finish(
            DrillRequest request,
            String drillId,
            Instant started,
            String backupId,
            RestoreAndVerifyResult r,
            Map<String, Long> durations) {
        Map<String, Long> all = new LinkedHashMap<>(durations);
        r.durationsMs().forEach((k, v) -> all.put("restore_and_verify." + k, v));
        Workflow.upsertTypedSearchAttributes(
                PgdrillSearchAttributes.VERDICT.valueSet(r.verdict().name()));
        String report = steps.timed(
                "record",
                all,
                () -> catalog.recordDrill(new DrillRecord(
                        drillId,
                        backupId,
                        request.sourceProfile(),
                        request.settings().targetProfile(),
                        r.database(),
                        r.verdict(),
                        started,
                        now(),
                        r.restoreMs(),
                        all,
                        r.checks(),
                        request.requestedBy())));
        if (r.verdict() == Verdict.FAIL) {
            log.warn("drill {} FAILED: {}", drillId, Verdicts.failures(r.checks()));
            DrillNotices.failed(request, drillId, backupId, r.checks(), started);
        }
        Workflow.setCurrentDetails("**Drill** " + r.verdict() + (backupId.isEmpty() ? "" : " for backup " + backupId)
                + ", restore " + r.restoreMs() + " ms. Report: " + report);
        return new DrillResult(drillId, backupId, r.verdict(), r.restoreMs(), all, r.checks(), r.database(), report);
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
