package dev.pgdrill.workflows.backup;

import dev.pgdrill.workflows.progress.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The daily backup: dump → manifest + checksums → record → prune past retention. */
@WorkflowInterface
public interface BackupWorkflow {
    @WorkflowMethod
    BackupResult run(BackupRequest request);

    /** The step list with states and timings, for {@code pgdrill} progress views. */
    @QueryMethod
    Progress progress();
}
