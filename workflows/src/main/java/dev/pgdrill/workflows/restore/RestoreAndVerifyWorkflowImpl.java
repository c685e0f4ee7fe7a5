package dev.pgdrill.workflows.restore;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.activities.DatabaseActivities;
import dev.pgdrill.workflows.activities.RestoreActivities;
import dev.pgdrill.workflows.activities.RestoreBackupRequest;
import dev.pgdrill.workflows.activities.RestoreOutcome;
import dev.pgdrill.workflows.activities.SandboxRequest;
import dev.pgdrill.workflows.activities.VerificationActivities;
import dev.pgdrill.workflows.activities.VerifyRequest;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** check files → create database → pg_restore → verify → app checks → (teardown unless kept). */
public class RestoreAndVerifyWorkflowImpl implements RestoreAndVerifyWorkflow {
    /** The change id of the file check and the database creation running side by side. */
    static final String SIDE_BY_SIDE = "check-files-beside-create-database";

    private final StepTracker steps =
            new StepTracker("check_files", "create_database", "restore", "verify", "app_checks", "teardown");
    private final DatabaseActivities databases =
            Workflow.newActivityStub(DatabaseActivities.class, ActivityProfiles.DATABASE);
    private final DatabaseActivities creations = Workflow.newActivityStub(
            DatabaseActivities.class,
            ActivityOptions.newBuilder(ActivityProfiles.DATABASE)
                    .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                    .build());
    /** The sandbox's creation when it runs beside the file check; null before it starts, and in older runs. */
    private Promise<Void> creating;

    private final VerificationActivities verification =
            Workflow.newActivityStub(VerificationActivities.class, ActivityProfiles.LONG_RUNNING);

    @Override
    public RestoreAndVerifyResult run(RestoreAndVerifyRequest request) {
        Workflow.upsertTypedSearchAttributes(
                PgdrillSearchAttributes.BACKUP_ID.valueSet(request.backup().backupId()));
        // A name of our own, unique per run: pgdrill_<purpose>_<8 hex>, well inside the 63-byte limit.
        String database =
                request.databaseName() != null && !request.databaseName().isEmpty()
                        ? request.databaseName()
                        : ("pgdrill_" + request.purpose() + "_"
                                        + Workflow.randomUUID().toString().substring(0, 8))
                                .toLowerCase(Locale.ROOT);
        SandboxRequest sandbox = new SandboxRequest(
                request.targetProfile(), database, Workflow.getInfo().getWorkflowId(), request.like());
        Map<String, Long> durations = new LinkedHashMap<>();
        List<CheckResult> checks = new ArrayList<>();
        long restoreMs = 0;
        boolean keep = false;
        // Cancelled, the restore is waited for until it has stopped (pg_restore killed at its next heartbeat):
        // the teardown's drop must come after anything the restore could still create.
        RestoreActivities restore = Workflow.newActivityStub(
                RestoreActivities.class,
                ActivityOptions.newBuilder(ActivityProfiles.summarized(
                                ActivityProfiles.LONG_RUNNING,
                                "pg_restore of " + request.backup().backupId() + " into " + database))
                        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                        .build());
        try {
            // Cleanup is in place (the finally below) before the database exists.
            CheckResult files = checkFilesAndCreate(request, restore, sandbox, durations);
            checks.add(files);
            if (files.failsVerdict()) {
                steps.skipRemaining("backup files failed their checksums");
                return result(database, checks, durations, 0, false);
            }
            RestoreOutcome outcome = steps.timed(
                    "restore",
                    durations,
                    () -> restore.restoreBackup(new RestoreBackupRequest(
                            request.backup(),
                            request.targetProfile(),
                            database,
                            request.jobs(),
                            sandbox.owner(),
                            request.like())));
            restoreMs = outcome.durationMs();
            // a streamed restore's backup_files (a file whose SHA-256 differs) takes the pre-check's place
            Verdicts.addOrReplace(checks, outcome.check());
            VerifyRequest verify =
                    new VerifyRequest(request.backup(), request.targetProfile(), database, request.like());
            checks.addAll(steps.timed("verify", durations, () -> verification.verifyDatabase(verify)));
            checks.addAll(steps.timed("app_checks", durations, () -> verification.runAppChecks(verify)));
            keep = request.keepDatabase() && Verdicts.of(checks) == Verdict.PASS;
            return result(database, checks, durations, restoreMs, keep);
        } catch (TemporalFailure e) {
            checks.add(CheckResult.fail("workflow", "every step completes", "a step failed", Failures.rootMessage(e)));
            throw e;
        } finally {
            if (!keep) {
                teardown(sandbox, durations);
            } else {
                steps.finish("teardown", StepStatus.SKIPPED, "kept for testing: " + database);
            }
        }
    }

    /**
     * The backup's files checked and the empty database created side by side: neither needs the other, and the
     * restore needs both (a failed check leaves a database the teardown drops). Runs started before they ran side
     * by side replay in order.
     */
    private CheckResult checkFilesAndCreate(
            RestoreAndVerifyRequest request,
            RestoreActivities restore,
            SandboxRequest sandbox,
            Map<String, Long> durations) {
        if (Workflow.getVersion(SIDE_BY_SIDE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            CheckResult files = steps.timed("check_files", durations, () -> restore.checkBackupFiles(request.backup()));
            if (!files.failsVerdict()) {
                steps.timed("create_database", durations, () -> {
                    databases.createSandbox(sandbox);
                    return null;
                });
            }
            return files;
        }
        Promise<CheckResult> files = Async.function(
                () -> steps.timed("check_files", durations, () -> restore.checkBackupFiles(request.backup())));
        // Cancelled, the creation is waited for (here and by the teardown): the drop must come after its CREATE.
        Promise<Void> created = Async.procedure(() -> steps.timed("create_database", durations, () -> {
            creations.createSandbox(sandbox);
            return null;
        }));
        creating = created;
        // Both ended, whatever each found: damaged files are the finding even when the creation failed too.
        Workflow.await(() -> files.isCompleted() && created.isCompleted());
        CheckResult checked = files.get();
        if (!checked.failsVerdict()) {
            created.get();
        }
        return checked;
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }

    /**
     * Drops the sandbox in a detached scope: runs on success, failure and cancellation alike, once a creation still
     * under way (a run cancelled during it) has ended.
     */
    private void teardown(SandboxRequest sandbox, Map<String, Long> durations) {
        Workflow.newDetachedCancellationScope(() -> {
                    if (creating != null) {
                        Workflow.await(creating::isCompleted);
                    }
                    steps.timed("teardown", durations, () -> {
                        databases.dropSandbox(sandbox);
                        return null;
                    });
                })
                .run();
    }

    private RestoreAndVerifyResult result(
            String database, List<CheckResult> checks, Map<String, Long> durations, long restoreMs, boolean kept) {
        Verdict verdict = Verdicts.of(checks);
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.VERDICT.valueSet(verdict.name()));
        Workflow.setCurrentDetails(
                "**Verdict:** " + verdict + (verdict == Verdict.FAIL ? " (" + Verdicts.failures(checks) + ")" : ""));
        return new RestoreAndVerifyResult(
                database, verdict, List.copyOf(checks), Map.copyOf(durations), restoreMs, kept);
    }
}
