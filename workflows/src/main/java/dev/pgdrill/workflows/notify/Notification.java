package dev.pgdrill.workflows.notify;

import java.time.Instant;
import java.util.List;

/**
 * One notice, as every channel renders it (Slack blocks, an email, a webhook body). Built by workflow code
 * from its request and activity results, so it never holds a credential.
 *
 * @param key       what it is about: an alert key ({@code backup_stale:production}), {@code drill:<id>},
 *                  {@code restore:<restore id>} or {@code test}
 * @param kind      opened, reminder, escalated, resolved, drill_failed, restore_started, awaiting_approval,
 *                  approval_reminder, approved, rejected, restore_outcome, test
 * @param title     one line: what happened
 * @param message   the details in a sentence or two
 * @param since     since when it holds
 * @param hint      the command to run next, or empty
 * @param details   extra lines (failed checks, approvers), possibly empty
 * @param runUrl    the Temporal UI page of the run that sent it, or empty
 * @param alertId   the catalog's alert id, or 0 when the notice is not about an alert
 */
public record Notification(
        String key,
        String kind,
        Severity severity,
        String title,
        String message,
        Instant since,
        String hint,
        List<String> details,
        String runUrl,
        String dashboardUrl,
        long alertId) {
    public Notification {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
