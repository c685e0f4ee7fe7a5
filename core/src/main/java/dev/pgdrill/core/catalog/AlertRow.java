package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.monitor.Finding;
import java.time.Instant;
import java.util.Optional;

/** An alert as the catalog keeps it: the finding as last notified, and its life. */
public record AlertRow(
        long alertId,
        Finding finding,
        Instant openedAt,
        Instant lastNotifiedAt,
        int reminders,
        Optional<Instant> resolvedAt) {
    public boolean open() {
        return resolvedAt.isEmpty();
    }
}
