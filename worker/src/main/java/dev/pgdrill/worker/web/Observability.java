package dev.pgdrill.worker.web;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.uber.m3.util.Duration;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.ScheduleStates;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's metrics and dashboard: one Prometheus registry holding the Temporal SDK's own metrics (through
 * its Micrometer reporter) and pgdrill's gauges, served with the page on {@code dashboard.listen}.
 */
public final class Observability implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Observability.class);
    /** How often the SDK's metrics are reported into the registry. */
    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Scope temporalScope = new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(REPORT_EVERY);
    private DashboardServer server;

    /** Where the Temporal SDK reports: give it to the connection the worker polls with. */
    public Scope temporalScope() {
        return temporalScope;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Registers pgdrill's gauges and serves the endpoints on {@code dashboard.listen} (unless off). A port
     * another process holds is logged and the worker goes on: the dashboard is a view, the work matters more.
     */
    public void serve(PgdrillConfig config, ScheduleClient schedules) {
        StatusSnapshot snapshot = new StatusSnapshot(
                config,
                new Catalog(config.catalogProfile()),
                ids -> ScheduleStates.read(schedules, ids),
                Clock.systemUTC());
        new HealthMetrics(registry, snapshot, config.backup().database());
        String listen = config.dashboard().listen();
        if (listen.isEmpty()) {
            log.info("dashboard off (dashboard.listen: off)");
            return;
        }
        try {
            server = DashboardServer.start(
                    listen, snapshot, registry, config.dashboard().token());
            log.info(
                    "dashboard on http://{}/ (also /api/status, /metrics, /healthz){}",
                    listen,
                    config.dashboard().token().isPresent() ? ", bearer token required" : "");
        } catch (IOException | RuntimeException e) {
            log.warn("unable to serve the dashboard on {}: {} (the worker runs on without it)", listen, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        try {
            temporalScope.close();
        } catch (ScopeCloseException e) {
            log.warn("unable to flush the Temporal SDK's metrics: {}", e.getMessage());
        }
        registry.close();
    }
}
