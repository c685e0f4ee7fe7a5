package dev.pgdrill.core.catalog;

import java.time.Instant;

/**
 * One attempt to deliver a notice through a channel.
 *
 * @param alertId 0 when the notice was not about an alert (a failed drill, a restore milestone, a test)
 * @param outcome DELIVERED or FAILED
 */
public record DeliveryRow(
        long alertId,
        String noticeKey,
        String kind,
        String channel,
        int attempt,
        Instant at,
        String outcome,
        String detail,
        String workflowId) {}
