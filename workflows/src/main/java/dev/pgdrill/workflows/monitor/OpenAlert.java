package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Instant;

/**
 * An alert the catalog holds open: its finding as it was when last notified, and when that was.
 *
 * @param alertId        the catalog's id
 * @param lastNotifiedAt when it opened, or its last reminder or escalation
 */
public record OpenAlert(long alertId, Finding finding, Instant openedAt, Instant lastNotifiedAt, int reminders) {
    public String key() {
        return finding.key();
    }

    public Severity severity() {
        return finding.severity();
    }
}
