package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.notify.Severity;
import java.util.List;

/**
 * One alert change of a monitor run and how it was notified.
 *
 * @param made       false when another monitor run made the same change first (and notified it)
 * @param deliveries one per channel the notice went to
 */
public record AlertOutcome(
        ChangeKind kind, String key, Severity severity, long alertId, boolean made, List<DeliveryOutcome> deliveries) {}
