package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.core.health.MonitorFactsReader;
import dev.pgdrill.core.temporal.ScheduleStates;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.MonitorSettings;
import java.time.Instant;
import java.util.List;

/**
 * The monitor's facts read from the CLI, as the monitor's activity reads them: the catalog, Temporal's schedules
 * (unknown when Temporal does not answer within seconds) and the repository as this machine sees it.
 */
final class HealthReading {
    private HealthReading() {}

    static MonitorFacts read(CliContext cli, Instant now) {
        PgdrillConfig cfg = cli.config();
        MonitorSettings s = WorkflowSettings.monitor(cfg);
        try (TemporalSession temporal = cli.temporal()) {
            MonitorFactsReader reader = new MonitorFactsReader(
                    cli.catalog(),
                    ids -> {
                        if (!temporal.reachable()) {
                            throw new IllegalStateException(
                                    "Temporal at " + cfg.temporal().address() + " does not answer");
                        }
                        return ScheduleStates.read(temporal.schedules(), ids);
                    },
                    cfg.repository().path());
            return reader.read(s.profiles(), s.schedules(), now);
        }
    }

    static List<String> unknownNote(MonitorFacts facts, PgdrillConfig cfg) {
        return facts.schedulesKnown()
                ? List.of()
                : List.of("schedules unknown: Temporal at " + cfg.temporal().address() + " did not answer");
    }
}
