package dev.pgdrill.core.health;

import dev.pgdrill.core.catalog.Catalog;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.ProfileFacts;
import dev.pgdrill.workflows.monitor.RepositoryFact;
import dev.pgdrill.workflows.monitor.ScheduleFact;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the monitor's facts: the catalog per profile, Temporal's schedules and the repository's free space.
 * The monitor's activity, {@code pgdrill check} and the dashboard read them alike.
 */
public final class MonitorFactsReader {
    private static final Logger log = LoggerFactory.getLogger(MonitorFactsReader.class);

    private final Catalog catalog;
    private final Function<List<String>, List<ScheduleFact>> schedules;
    private final Path repository;

    /**
     * @param schedules the facts of the given schedule ids (see {@code ScheduleStates}); may throw when
     *                  Temporal cannot be asked
     */
    public MonitorFactsReader(Catalog catalog, Function<List<String>, List<ScheduleFact>> schedules, Path repository) {
        this.catalog = catalog;
        this.schedules = schedules;
        this.repository = repository;
    }

    public MonitorFacts read(List<String> profiles, List<String> scheduleIds, Instant at) {
        Instant from = at.minus(Duration.ofDays(MonitorFacts.HISTORY_DAYS));
        List<ProfileFacts> facts = profiles.stream()
                .map(p -> catalog.health().profileFacts(p, from))
                .toList();
        List<ScheduleFact> known;
        try {
            known = schedules.apply(scheduleIds);
        } catch (RuntimeException e) {
            // No schedule finding rather than a false "missing": the facts say they are unknown.
            log.warn("unable to read pgdrill's schedules from Temporal: {}", e.getMessage());
            known = null;
        }
        return new MonitorFacts(at, facts, known != null, known == null ? List.of() : known, space(repository));
    }

    /** The repository's filesystem, or unknown when it cannot be read (not mounted here, say). */
    public static RepositoryFact space(Path path) {
        try {
            FileStore store = Files.getFileStore(path);
            return new RepositoryFact(path.toString(), store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException e) {
            return new RepositoryFact(path.toString(), -1, -1);
        }
    }
}
