package dev.pgdrill.workflows.emergency;

import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.activities.CatalogActivities;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How every emergency restore ends, whichever path it took: the way back when it failed before its commit point,
 * then the incident record, the notices and the run's verdict. Past the commit point the record is bookkeeping whose
 * failure is a warning, never a reason to touch production again.
 */
final class RunEnd {
    private static final Logger log = Workflow.getLogger(RunEnd.class);

    private final IncidentLog incident;
    private final CatalogActivities catalog;
    private final Supplier<RestoreNotices> notices;
    private final Supplier<StepTracker> steps;
    private final BooleanSupplier committed;

    RunEnd(
            IncidentLog incident,
            CatalogActivities catalog,
            Supplier<RestoreNotices> notices,
            Supplier<StepTracker> steps,
            BooleanSupplier committed) {
        this.incident = incident;
        this.catalog = catalog;
        this.notices = notices;
        this.steps = steps;
        this.committed = committed;
    }

    /**
     * Undo (when there is something to undo) and the incident record, each in their own detached scope: a failure
     * while undoing is written into the record (with what failed), and never keeps the record from being written.
     */
    void undoThenFinish(Runnable undo, IncidentOutcome outcome, Exception cause) {
        incident.event(outcome == IncidentOutcome.CANCELLED ? "cancelled" : "failure", Failures.rootMessage(cause));
        if (undo != null) {
            Workflow.newDetachedCancellationScope(() -> {
                        try {
                            undo.run();
                        } catch (TemporalFailure undoFailed) {
                            incident.event(
                                    "undo",
                                    "FAILED, production needs an operator (see the runbook): "
                                            + Failures.rootMessage(undoFailed));
                        }
                    })
                    .run();
        }
        Workflow.newDetachedCancellationScope(() -> finish(outcome)).run();
    }

    Incident finish(IncidentOutcome outcome) {
        StepTracker tracker = steps.get();
        tracker.start("resume");
        boolean past = committed.getAsBoolean();
        if (past && CancellationScope.current().isCancelRequested()) {
            incident.event("cancelled", "after production was verified (the commit point): the restore stands");
        }
        Incident built = incident.build(outcome);
        Incident record = built;
        if (past) {
            // Past the commit point the record is bookkeeping: written whatever else happens, its failure a warning.
            String[] failed = {""};
            Workflow.newDetachedCancellationScope(() -> {
                        try {
                            catalog.recordIncident(built);
                        } catch (TemporalFailure e) {
                            failed[0] = Failures.rootMessage(e);
                        }
                    })
                    .run();
            if (!failed[0].isEmpty()) {
                incident.event("warning", "the incident record was not written to the catalog: " + failed[0]);
                log.warn("restore {}: incident record not written: {}", incident.restoreId(), failed[0]);
                record = incident.build(outcome);
            }
        } else {
            catalog.recordIncident(record);
        }
        tracker.finish("resume", StepStatus.DONE, "outcome " + outcome);
        notices.get().outcome(record);
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.VERDICT.valueSet(outcome.name()));
        Workflow.setCurrentDetails(
                "**Outcome:** " + outcome + (record.backupId().isEmpty() ? "" : ", backup " + record.backupId()));
        return record;
    }
}
