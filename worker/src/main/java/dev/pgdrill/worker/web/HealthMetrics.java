package dev.pgdrill.worker.web;

import dev.pgdrill.core.dashboard.Dashboard;
import dev.pgdrill.workflows.notify.Severity;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * pgdrill's own gauges, from the dashboard snapshot, labelled by profile; Prometheus names follow its
 * conventions (base units, {@code _timestamp_seconds} for times, {@code _total} for the counter). A backup or
 * drill that never happened is infinitely old (so "stale" rules fire) and not a success.
 */
final class HealthMetrics {
    private static final double NEVER = Double.POSITIVE_INFINITY;

    /** One gauge: Micrometer name, base unit (or null), help text, value. */
    private record Spec(String name, String unit, String help, ToDoubleFunction<Dashboard> value) {}

    private static final List<Spec> GAUGES = List.of(
            new Spec(
                    "pgdrill.last.backup.age",
                    "seconds",
                    "Age of the newest completed backup",
                    d -> d.lastBackup().backupId().isEmpty()
                            ? NEVER
                            : d.lastBackup().ageSeconds()),
            new Spec(
                    "pgdrill.last.backup.timestamp",
                    "seconds",
                    "Start of the newest completed backup",
                    d -> epoch(d.lastBackup().startedAt())),
            new Spec("pgdrill.last.backup.size", "bytes", "Size of the newest completed backup", d -> d.lastBackup()
                    .sizeBytes()),
            new Spec(
                    "pgdrill.last.backup.success",
                    null,
                    "1 when the newest backup completed, 0 when it failed",
                    d -> lastBackupSucceeded(d) ? 1 : 0),
            new Spec(
                    "pgdrill.last.drill.age",
                    "seconds",
                    "Age of the newest restore drill",
                    d -> d.lastDrill().drillId().isEmpty()
                            ? NEVER
                            : d.at().getEpochSecond()
                                    - d.lastDrill().startedAt().getEpochSecond()),
            new Spec(
                    "pgdrill.last.drill.timestamp",
                    "seconds",
                    "Start of the newest restore drill",
                    d -> epoch(d.lastDrill().startedAt())),
            new Spec(
                    "pgdrill.last.drill.restore",
                    "seconds",
                    "Restore time of the newest drill (RTO)",
                    d -> d.lastDrill().restoreSeconds()),
            new Spec(
                    "pgdrill.last.drill.success",
                    null,
                    "1 when the newest drill passed",
                    d -> d.lastDrill().verdict().equals("PASS") ? 1 : 0));

    private final StatusSnapshot snapshot;

    HealthMetrics(MeterRegistry registry, StatusSnapshot snapshot, String profile) {
        this.snapshot = snapshot;
        Tags p = Tags.of("profile", profile);
        FunctionCounter.builder("pgdrill.dashboard.errors", snapshot, StatusSnapshot::failures)
                .description("Times the dashboard could not be computed (the catalog unreachable)")
                .register(registry);
        GAUGES.forEach(g -> gauge(registry, g, p));
        for (Severity s : Severity.values()) {
            gauge(
                    registry,
                    new Spec("pgdrill.alerts.open", null, "Alerts open now", d -> d.alerts()
                            .openBySeverity()
                            .getOrDefault(s.key(), 0)),
                    p.and("severity", s.key()));
        }
    }

    private void gauge(MeterRegistry registry, Spec spec, Tags tags) {
        // Strong: Micrometer holds a gauge's object weakly, and nothing else holds this one.
        Gauge.builder(spec.name(), this, m -> m.read(spec.value()))
                .strongReference(true)
                .baseUnit(spec.unit())
                .description(spec.help())
                .tags(tags)
                .register(registry);
    }

    /** The snapshot's value; the last known one while the catalog cannot be read; NaN before any. */
    private double read(ToDoubleFunction<Dashboard> value) {
        try {
            return value.applyAsDouble(snapshot.current());
        } catch (RuntimeException e) {
            return snapshot.lastKnown().map(value::applyAsDouble).orElse(Double.NaN);
        }
    }

    /** The newest finished backup completed: there is a completed one, and the monitor finds no failed one after. */
    private static boolean lastBackupSucceeded(Dashboard d) {
        return !d.lastBackup().backupId().isEmpty()
                && d.findings().stream().noneMatch(f -> f.check().equals("backup_failed"));
    }

    private static double epoch(Instant t) {
        return Instant.EPOCH.equals(t) ? Double.NaN : t.getEpochSecond();
    }
}
