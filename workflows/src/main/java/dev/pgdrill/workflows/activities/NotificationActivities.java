package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import io.temporal.activity.ActivityInterface;

/** The alert channels (Slack, email, webhook), each called as its own activity. */
@ActivityInterface
public interface NotificationActivities {
    /**
     * Sends one notice through one channel and records the attempt (channel, time, outcome) in the catalog.
     * Not idempotent towards people: a retry after a send whose answer was lost sends again, which is why the
     * retries are few. Raises {@code NotificationRejected} (not retried) when the channel refuses the notice
     * for good (an HTTP 4xx, an SMTP 5xx), {@code ConfigurationError} when this worker has no such channel,
     * and a retryable failure for anything else (an HTTP 5xx, a timeout, a refused connection).
     */
    DeliveryOutcome deliver(Delivery delivery);
}
