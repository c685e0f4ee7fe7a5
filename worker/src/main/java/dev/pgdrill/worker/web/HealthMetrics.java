package dev.pgdrill.worker.web;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.notify.Severity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgdrill's own gauges, from the dashboard snapshot, labelled by profile; Prometheus names follow its
 * conventions (base units, {@code _timestamp_seconds} for times). A backup or drill that never happened is
 * infinitely old (so "stale" rules fire) and not a success.
 */
final class HealthMetrics {
    private static final Logger log = LoggerFactory.getLogger(HealthMetrics.class);

    private final StatusSnapshot snapshot;

    HealthMetrics(MeterRegistry registry, StatusSnapshot snapshot, String profile) {
        this.snapshot = snapshot;
        Tags p = Tags.of("profile", profile);
        FunctionCounter.builder("pgdrill.dashboard.errors", snapshot, StatusSnapshot::failures)
                .description("Times the dashboard could not be computed (the catalog unreachable)")
                .register(registry);
        gauge(
                registry,
                "pgdrill.last.backup.age",
                "seconds",
                "Age of the newest completed backup",
                p,
                d -> d.lastBackup().backupId().isEmpty()
                        ? Double.POSITIVE_INFINITY
                        : d.lastBackup().ageSeconds());
        gauge(
                registry,
                "pgdrill.last.backup.timestamp",
                "seconds",
                "Start of the newest completed backup",
                p,
                d -> epoch(d.lastBackup().startedAt()));
        gauge(
                registry,
                "pgdrill.last.backup.size",
                "bytes",
                "Size of the newest completed backup",
                p,
                d -> d.lastBackup().sizeBytes());
        gauge(
                registry,
                "pgdrill.last.backup.success",
                null,
                "1 when the newest backup completed, 0 when it failed",
                p,
                d -> d.lastBackup().backupId().isEmpty()
                                || d.findings().stream().anyMatch(f -> f.check().equals("backup_failed"))
                        ? 0
                        : 1);
        gauge(
                registry,
                "pgdrill.last.drill.age",
                "seconds",
                "Age of the newest restore drill",
                p,
                d -> d.lastDrill().drillId().isEmpty()
                        ? Double.POSITIVE_INFINITY
                        : d.at().getEpochSecond() - d.lastDrill().startedAt().getEpochSecond());
        gauge(
                registry,
                "pgdrill.last.drill.timestamp",
                "seconds",
                "Start of the newest restore drill",
                p,
                d -> epoch(d.lastDrill().startedAt()));
        gauge(
                registry,
                "pgdrill.last.drill.restore",
                "seconds",
                "Restore time of the newest drill (RTO)",
                p,
                d -> d.lastDrill().restoreSeconds());
        gauge(
                registry,
                "pgdrill.last.drill.success",
                null,
                "1 when the newest drill passed",
                p,
                d -> d.lastDrill().verdict().equals("PASS") ? 1 : 0);
        for (Severity s : Severity.values()) {
            gauge(registry, "pgdrill.alerts.open", null, "Alerts open now", p.and("severity", s.key()), d -> d.alerts()
                    .openBySeverity()
                    .getOrDefault(s.key(), 0));
        }
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String unit,
            String help,
            Tags tags,
            ToDoubleFunction<Dashboard> value) {
        // Strong: Micrometer holds a gauge's object weakly, and nothing else holds this one.
        Gauge.builder(name, this, m -> m.read(value))
                .strongReference(true)
                .baseUnit(unit)
                .description(help)
                .tags(tags)
                .register(registry);
    }

    /** The snapshot's value; NaN when no snapshot could ever be computed. */
    private double read(ToDoubleFunction<Dashboard> value) {
        try {
            return value.applyAsDouble(snapshot.current());
        } catch (RuntimeException e) {
            log.debug("unable to compute the dashboard for /metrics: {}", e.getMessage());
            return snapshot.lastKnown().map(value::applyAsDouble).orElse(Double.NaN);
        }
    }

    private static double epoch(Instant t) {
        return Instant.EPOCH.equals(t) ? Double.NaN : t.getEpochSecond();
    }
}
