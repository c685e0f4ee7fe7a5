package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.FactsRequest;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.OpenAlert;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What the monitor reads (the catalog, Temporal's schedules, the repository) and its alerts in the catalog. */
@ActivityInterface
public interface MonitorActivities {
    /**
     * The facts the monitor's rules decide on, as of the request's time. Read-only. Temporal's schedules that
     * cannot be read make {@code schedulesKnown} false rather than a failure; an unreadable catalog raises
     * {@code DatabaseError} (retried).
     */
    MonitorFacts readFacts(FactsRequest request);

    /** The alerts the catalog holds open. Read-only; raises {@code DatabaseError} (retried). */
    List<OpenAlert> openAlerts();

    /**
     * Makes one alert change in the catalog if the alert is still as the monitor read it, and returns the
     * alert's id; returns 0 when another monitor run made the change first. Idempotent: a retry by the same run
     * returns the id again. Raises {@code DatabaseError} (retried).
     */
    long applyChange(ChangeRequest request);
}
