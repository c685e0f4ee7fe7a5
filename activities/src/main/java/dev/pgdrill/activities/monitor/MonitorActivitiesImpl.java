package dev.pgdrill.activities.monitor;

import dev.pgdrill.activities.Failures;
import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.core.catalog.CatalogException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.health.MonitorFactsReader;
import dev.pgdrill.core.temporal.ScheduleStates;
import dev.pgdrill.workflows.activities.MonitorActivities;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.FactsRequest;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.OpenAlert;
import io.temporal.client.schedules.ScheduleClient;
import java.util.List;
import java.util.function.Supplier;

/** The monitor's reads (catalog, Temporal's schedules, the repository) and its alert changes. */
public final class MonitorActivitiesImpl implements MonitorActivities {
    private final Catalog catalog;
    private final MonitorFactsReader facts;

    public MonitorActivitiesImpl(PgdrillConfig config, ScheduleClient schedules) {
        this.catalog = new Catalog(config.catalogProfile());
        this.facts = new MonitorFactsReader(
                catalog,
                ids -> ScheduleStates.read(schedules, ids),
                config.repository().path());
    }

    @Override
    public MonitorFacts readFacts(FactsRequest r) {
        return call(() -> facts.read(r.profiles(), r.schedules(), r.at()));
    }

    @Override
    public List<OpenAlert> openAlerts() {
        return call(() -> catalog.alerts().open());
    }

    @Override
    public long applyChange(ChangeRequest r) {
        return call(() -> catalog.alerts().apply(r));
    }

    private static <T> T call(Supplier<T> catalogCall) {
        try {
            return catalogCall.get();
        } catch (CatalogException e) {
            throw Failures.of(e);
        }
    }
}
