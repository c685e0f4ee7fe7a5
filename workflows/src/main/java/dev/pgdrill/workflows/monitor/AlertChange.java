package dev.pgdrill.workflows.monitor;

import java.time.Instant;

/**
 * One change the monitor wants to make to an alert. The catalog makes it only while the alert is still as this
 * run read it ({@code alertId} open and last notified at {@code lastNotifiedAt}), so two monitor runs at once
 * notify a change once between them.
 *
 * @param alertId        0 for {@link ChangeKind#OPENED}
 * @param finding        the finding now (for RESOLVED, the alert's last finding)
 * @param lastNotifiedAt as this run read it ({@link Instant#EPOCH} for OPENED)
 */
public record AlertChange(ChangeKind kind, long alertId, Finding finding, Instant lastNotifiedAt) {}
