package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.AlertRouting;
import dev.pgdrill.workflows.notify.Notification;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The notice for an alert change. */
final class AlertNotices {
    private AlertNotices() {}

    static Notification of(AlertChange c, long alertId, AlertRouting routing, Instant now) {
        Finding f = c.finding();
        String kind =
                switch (c.kind()) {
                    case OPENED -> "opened";
                    case REMINDED -> "reminder";
                    case ESCALATED -> "escalated";
                    case RESOLVED -> "resolved";
                };
        String prefix =
                switch (c.kind()) {
                    case OPENED -> "";
                    case REMINDED -> "Still open: ";
                    case ESCALATED -> "Now " + f.severity().key() + ": ";
                    case RESOLVED -> "Resolved: ";
                };
        boolean resolved = c.kind() == ChangeKind.RESOLVED;
        String message = resolved
                ? "no longer found after " + Human.duration(Duration.between(f.since(), now)) + " (was: " + f.message()
                        + ")"
                : f.message();
        return new Notification(
                f.key(),
                kind,
                f.severity(),
                prefix + f.title(),
                message,
                f.since(),
                resolved ? "" : f.hint(),
                List.of("alert " + f.key() + " (#" + alertId + ")"),
                routing.runUrl(Workflow.getInfo().getWorkflowId()),
                routing.dashboardUrl(),
                alertId);
    }
}
