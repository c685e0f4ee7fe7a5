package dev.pgdrill.workflows.notify;

import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

public class AlertsTestWorkflowImpl implements AlertsTestWorkflow {
    @Override
    public List<DeliveryOutcome> run(AlertsTestRequest request) {
        Notifier notifier = new Notifier(request.alerts());
        Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        return notifier.sendToAll(new Notification(
                "test",
                "test",
                Severity.INFO,
                "Test notice from pgdrill",
                "pgdrill alerts test, run by " + request.requestedBy()
                        + ": this channel works. Alerts arrive like this one.",
                now,
                "",
                List.of(),
                notifier.routing().runUrl(Workflow.getInfo().getWorkflowId()),
                notifier.routing().dashboardUrl(),
                0));
    }
}
