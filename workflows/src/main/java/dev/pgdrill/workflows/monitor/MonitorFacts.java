package dev.pgdrill.workflows.monitor;

import java.time.Instant;
import java.util.List;

/**
 * Everything the monitor's rules decide on, read at one moment: the catalog per profile, the schedules and
 * the repository. An activity reads it; {@link MonitorRules} (pure) turns it into findings.
 *
 * @param schedulesKnown false when Temporal could not be asked (then no schedule finding is made)
 */
public record MonitorFacts(
        Instant at,
        List<ProfileFacts> profiles,
        boolean schedulesKnown,
        List<ScheduleFact> schedules,
        RepositoryFact repository) {
    /** How many days of backups the facts hold: the 7-day rules plus today. */
    public static final int HISTORY_DAYS = 8;

    public MonitorFacts {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        repository = repository == null ? RepositoryFact.UNKNOWN : repository;
    }
}
