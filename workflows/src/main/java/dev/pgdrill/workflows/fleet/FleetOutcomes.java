package dev.pgdrill.workflows.fleet;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.backup.BackupResult;
import dev.pgdrill.workflows.backup.BackupStatus;
import dev.pgdrill.workflows.drill.DrillResult;
import dev.pgdrill.workflows.verify.Verdict;
import dev.pgdrill.workflows.verify.Verdicts;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;

/** A child's result or failure as one line of the fleet's result. Pure functions: safe in workflow code. */
final class FleetOutcomes {
    private FleetOutcomes() {}

    static FleetOutcome of(BackupResult r) {
        boolean drillFailed = r.drill() != null && r.drill().failed();
        String drill = r.drill() == null || r.drill().status().equals("NONE")
                ? ""
                : ", drill " + r.drill().status()
                        + (r.drill().detail().isEmpty() ? "" : ": " + r.drill().detail());
        return new FleetOutcome(
                r.profile(),
                "",
                r.status().name(),
                r.status() == BackupStatus.COMPLETED && !drillFailed,
                r.backupId(),
                0,
                r.sizeBytes() + " bytes, " + r.tables().size() + " tables" + drill);
    }

    static FleetOutcome of(DrillResult r) {
        String failures = Verdicts.failures(r.checks());
        return new FleetOutcome(
                "",
                r.drillId(),
                r.verdict().name(),
                r.verdict() == Verdict.PASS,
                r.backupId(),
                0,
                "restore " + r.restoreMs() + " ms" + (failures.isEmpty() ? "" : ", failed: " + failures));
    }

    /** A child's outcome with what the fleet knows of it: the database, the child's id and its wall time. */
    static FleetOutcome of(FleetOutcome o, String profile, String childId, long ms) {
        return new FleetOutcome(profile, childId, o.status(), o.ok(), o.backupId(), ms, o.detail());
    }

    /** A failed child: a failed backup (its result rides on the failure), a crash, or an id already taken. */
    static FleetOutcome failed(String kind, String profile, String childId, Throwable failure, long ms) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof WorkflowExecutionAlreadyStarted) {
                return new FleetOutcome(
                        profile, childId, "NOT_STARTED", false, "", ms, "a run with this id is already there");
            }
            if (c instanceof ApplicationFailure af
                    && FailureType.BACKUP_FAILED.type().equals(af.getType())
                    && af.getDetails().getSize() > 0) {
                BackupResult r = af.getDetails().get(BackupResult.class);
                return new FleetOutcome(profile, childId, "FAILED", false, r.backupId(), ms, r.failureReason());
            }
        }
        return new FleetOutcome(
                profile,
                childId,
                kind.equals(FleetRequest.DRILL) ? "FAIL" : "FAILED",
                false,
                "",
                ms,
                Failures.rootMessage(failure));
    }
}
