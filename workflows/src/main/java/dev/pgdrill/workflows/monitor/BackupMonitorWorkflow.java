package dev.pgdrill.workflows.monitor;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The runbook's check-backups.sh: evaluate backups, drills, schedules and the repository; alert once, resolve. */
@WorkflowInterface
public interface BackupMonitorWorkflow {
    @WorkflowMethod
    MonitorResult run(MonitorRequest request);
}
