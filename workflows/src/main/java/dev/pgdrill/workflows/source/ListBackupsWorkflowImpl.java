package dev.pgdrill.workflows.source;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.activities.BackupSourceActivities;
import dev.pgdrill.workflows.activities.SourceBackup;
import io.temporal.workflow.Workflow;
import java.util.List;

/** One activity: the listing lives on the worker because the source's token does. */
public class ListBackupsWorkflowImpl implements ListBackupsWorkflow {
    @Override
    public List<SourceBackup> run(ListBackupsRequest request) {
        BackupSourceActivities source = Workflow.newActivityStub(
                BackupSourceActivities.class,
                ActivityProfiles.summarized(
                        ActivityProfiles.SOURCE_API, "List the backups of '" + request.profile() + "'"));
        return source.listBackups(request.profile());
    }
}
