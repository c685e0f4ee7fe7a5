package dev.pgdrill.worker.web;

import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.core.dashboard.DashboardBuilder;
import dev.pgdrill.core.health.MonitorFactsReader;
import dev.pgdrill.workflows.monitor.MonitorSettings;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dashboard as the page, the JSON and the metrics show it, computed at most every {@link #FRESH}: a
 * Prometheus scrape reads a dozen gauges, each from the same snapshot, and a busy page costs the catalog little.
 */
public final class StatusSnapshot {
    static final Duration FRESH = Duration.ofSeconds(15);

    private final PgdrillConfig config;
    private final DashboardBuilder builder;
    private final MonitorFactsReader facts;
    private final Clock clock;
    private Dashboard last;
    private Instant computedAt = Instant.EPOCH;
    private RuntimeException lastError;
    private Instant failedAt = Instant.EPOCH;
    private long failures;

    public StatusSnapshot(
            PgdrillConfig config, Catalog catalog, Function<List<String>, List<ScheduleFact>> schedules, Clock clock) {
        this.config = config;
        this.builder = new DashboardBuilder(config, catalog);
        this.facts =
                new MonitorFactsReader(catalog, schedules, config.repository().path());
        this.clock = clock;
    }

    /**
     * A snapshot at most {@link #FRESH} old. A failure to compute one propagates (the page answers 503), and is
     * not retried for {@link #FRESH}: a scrape of a dozen gauges waits on a dead catalog once, not a dozen times.
     */
    public synchronized Dashboard current() {
        Instant now = clock.instant();
        if (last != null && Duration.between(computedAt, now).compareTo(FRESH) <= 0) {
            return last;
        }
        if (lastError != null && Duration.between(failedAt, now).compareTo(FRESH) <= 0) {
            throw lastError;
        }
        try {
            MonitorSettings s = WorkflowSettings.monitor(config);
            last = builder.build(facts.read(s.profiles(), s.schedules(), now));
            computedAt = now;
            lastError = null;
            return last;
        } catch (RuntimeException e) {
            lastError = e;
            failedAt = now;
            failures++;
            throw e;
        }
    }

    /** How many times a snapshot could not be computed. */
    public synchronized long failures() {
        return failures;
    }

    /** The last snapshot computed, if any, without computing one (for gauges when the catalog is down). */
    public synchronized Optional<Dashboard> lastKnown() {
        return Optional.ofNullable(last);
    }
}
