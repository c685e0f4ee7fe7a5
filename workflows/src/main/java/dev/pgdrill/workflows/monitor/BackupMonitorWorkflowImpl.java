package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.activities.MonitorActivities;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Notifier;
import dev.pgdrill.workflows.notify.Severity;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** read facts → evaluate → plan alert changes → make each (once) → notify it. */
public class BackupMonitorWorkflowImpl implements BackupMonitorWorkflow {
    private final MonitorActivities monitor =
            Workflow.newActivityStub(MonitorActivities.class, ActivityProfiles.CATALOG);

    @Override
    public MonitorResult run(MonitorRequest request) {
        MonitorSettings s = request.settings();
        Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
        MonitorFacts facts = monitor.readFacts(new FactsRequest(s.profiles(), s.schedules(), now));
        List<Finding> findings = MonitorRules.evaluate(facts, s);
        List<AlertChange> changes = AlertLifecycle.plan(findings, monitor.openAlerts(), now, s.renotifyAfter());
        Notifier notifier = new Notifier(request.alerts());
        // The run, not only the workflow id: a schedule's runs and a manual one differ, a retried activity does not.
        String run =
                Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getRunId();
        List<AlertOutcome> outcomes = new ArrayList<>();
        for (AlertChange c : changes) {
            long alertId = monitor.applyChange(new ChangeRequest(c, run, now));
            // Another run made this change first and notifies it: notifying here too would notify twice.
            List<DeliveryOutcome> sent =
                    alertId == 0 ? List.of() : notifier.send(AlertNotices.of(c, alertId, notifier.routing(), now));
            outcomes.add(
                    new AlertOutcome(c.kind(), c.finding().key(), c.finding().severity(), alertId, alertId != 0, sent));
        }
        Workflow.setCurrentDetails(summary(findings, outcomes));
        return new MonitorResult(now, findings, outcomes);
    }

    private static String summary(List<Finding> findings, List<AlertOutcome> outcomes) {
        long critical =
                findings.stream().filter(f -> f.severity() == Severity.CRITICAL).count();
        long warning =
                findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        StringBuilder s = new StringBuilder("**Monitor:** ")
                .append(findings.isEmpty() ? "all healthy" : critical + " critical, " + warning + " warning");
        for (AlertOutcome o : outcomes) {
            s.append("\n- ").append(o.kind()).append(' ').append(o.key()).append(o.made() ? "" : " (by another run)");
        }
        return s.toString();
    }
}
