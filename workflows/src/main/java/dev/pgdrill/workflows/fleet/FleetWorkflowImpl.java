package dev.pgdrill.workflows.fleet;

import dev.pgdrill.workflows.PgdrillSearchAttributes;
import dev.pgdrill.workflows.WorkflowIds;
import dev.pgdrill.workflows.backup.BackupRequest;
import dev.pgdrill.workflows.backup.BackupWorkflow;
import dev.pgdrill.workflows.backup.DrillAfter;
import dev.pgdrill.workflows.drill.DrillRequest;
import dev.pgdrill.workflows.drill.RestoreDrillWorkflow;
import dev.pgdrill.workflows.progress.Progress;
import dev.pgdrill.workflows.progress.StepStatus;
import dev.pgdrill.workflows.progress.StepTracker;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one child per database, waiting for a free slot before each start ({@code maxConcurrent} in flight),
 * and collects each child's outcome: a child that fails fails only its own line, never the fleet or the others.
 */
public class FleetWorkflowImpl implements FleetWorkflow {
    private StepTracker steps = new StepTracker();
    private int running;

    @Override
    public FleetResult run(FleetRequest request) {
        String fleetId = Workflow.getInfo().getWorkflowId();
        Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        steps = new StepTracker(request.profiles().toArray(String[]::new));
        int bound = Math.max(1, request.maxConcurrent());
        List<Promise<FleetOutcome>> pending = new ArrayList<>();
        for (String profile : request.profiles()) {
            Workflow.await(() -> running < bound); // a slot frees when any child ends
            running++;
            steps.start(profile);
            String childId = WorkflowIds.fleetChild(request.kind(), profile, started);
            long childStart = Workflow.currentTimeMillis();
            pending.add(start(request, profile, childId).handle((outcome, failure) -> {
                running--;
                long ms = Workflow.currentTimeMillis() - childStart;
                FleetOutcome o = failure == null
                        ? FleetOutcomes.of(outcome, profile, childId, ms)
                        : FleetOutcomes.failed(request.kind(), profile, childId, failure, ms);
                steps.finish(profile, o.ok() ? StepStatus.DONE : StepStatus.FAILED, o.status() + " " + o.detail());
                return o;
            }));
            Workflow.setCurrentDetails("**Fleet " + request.kind() + "**: " + running + " running, " + pending.size()
                    + " of " + request.profiles().size() + " started");
        }
        List<FleetOutcome> outcomes = pending.stream().map(Promise::get).toList();
        int passed = (int) outcomes.stream().filter(FleetOutcome::ok).count();
        int failed = outcomes.size() - passed;
        Workflow.upsertTypedSearchAttributes(PgdrillSearchAttributes.VERDICT.valueSet(failed == 0 ? "PASS" : "FAIL"));
        Workflow.setCurrentDetails("**Fleet " + request.kind() + "**: " + passed + " passed, " + failed + " failed");
        return new FleetResult(fleetId, request.kind(), outcomes, passed, failed);
    }

    @Override
    public Progress progress() {
        return steps.progress();
    }

    private static Promise<FleetOutcome> start(FleetRequest request, String profile, String childId) {
        if (request.kind().equals(FleetRequest.DRILL)) {
            RestoreDrillWorkflow drill = Workflow.newChildWorkflowStub(
                    RestoreDrillWorkflow.class,
                    options(childId, profile, "Restore drill of '" + profile + "' (fleet " + fleetId() + ")"));
            DrillRequest r = new DrillRequest(
                    profile,
                    "",
                    request.latest(),
                    request.requestedBy(),
                    request.drills().get(profile));
            return Async.function(drill::run, r).thenApply(FleetOutcomes::of);
        }
        BackupWorkflow backup = Workflow.newChildWorkflowStub(
                BackupWorkflow.class,
                options(childId, profile, "Backup of '" + profile + "' (fleet " + fleetId() + ")"));
        DrillAfter after = DrillAfter.orNone(request.drillAfter());
        BackupRequest r = new BackupRequest(
                profile,
                request.runKind(),
                request.requestedBy(),
                request.backups().get(profile),
                "",
                // The fleet waits for each backup's own drill, so its bound covers the drills too.
                new DrillAfter(
                        after.enabled() && request.drilledAfter().contains(profile),
                        true,
                        request.drills().getOrDefault(profile, after.settings())));
        return Async.function(backup::run, r).thenApply(FleetOutcomes::of);
    }

    /**
     * Cancelling the fleet cancels its children, which clean up after themselves (a drill tears its sandbox
     * down), rather than terminating them mid-step. A child id is never reused, even once closed: a fleet reset
     * to before a start cannot back a database up (or drill it) a second time for the same fleet run.
     */
    private static ChildWorkflowOptions options(String childId, String profile, String summary) {
        return ChildWorkflowOptions.newBuilder()
                .setWorkflowId(childId)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(PgdrillSearchAttributes.DATABASE, profile)
                        .build())
                .setStaticSummary(summary)
                .build();
    }

    private static String fleetId() {
        return Workflow.getInfo().getWorkflowId();
    }
}
