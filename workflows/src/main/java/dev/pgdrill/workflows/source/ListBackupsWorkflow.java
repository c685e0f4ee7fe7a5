package dev.pgdrill.workflows.source;

import dev.pgdrill.workflows.activities.SourceBackup;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A profile's backups, read live from its source by the worker (which holds the source's credentials), for
 * {@code pgdrill backups list --database P}. The CLI starts it and waits for the answer.
 */
@WorkflowInterface
public interface ListBackupsWorkflow {
    @WorkflowMethod
    List<SourceBackup> run(ListBackupsRequest request);
}
