package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rules about what pgdrill runs on rather than what it made: the schedules and the repository. Pure. */
final class PlatformRules {
    private PlatformRules() {}

    static List<Finding> evaluate(MonitorFacts facts, MonitorSettings s) {
        Instant now = facts.at();
        List<Finding> out = new ArrayList<>();
        if (facts.schedulesKnown()) {
            for (String id : s.schedules()) {
                schedule(id, facts.schedules(), now).ifPresent(out::add);
            }
        }
        RepositoryFact repo = facts.repository();
        if (s.minFreeBytes() > 0 && repo.known() && repo.freeBytes() < s.minFreeBytes()) {
            out.add(Finding.of(
                    "repository_space",
                    "repository",
                    Severity.CRITICAL,
                    "Backup repository low on space",
                    Human.bytes(repo.freeBytes()) + " free at " + repo.path() + ", below monitor.minFreeBytes ("
                            + Human.bytes(s.minFreeBytes()) + "): the next backup may not fit",
                    now,
                    "free space under " + repo.path() + ", or lower backup.retentionDays"));
        }
        return out;
    }

    private static Optional<Finding> schedule(String id, List<ScheduleFact> facts, Instant now) {
        Optional<ScheduleFact> f = facts.stream()
                .filter(s -> s.scheduleId().equals(id) && s.exists())
                .findFirst();
        if (f.isEmpty()) {
            return Optional.of(Finding.of(
                    "schedule_missing",
                    id,
                    Severity.WARNING,
                    "Schedule " + id + " is missing",
                    "Temporal has no schedule " + id + ": nothing runs it unattended",
                    now,
                    "pgdrill schedules apply"));
        }
        if (!f.get().paused()) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(
                "schedule_paused",
                id,
                Severity.WARNING,
                "Schedule " + id + " is paused",
                "the schedule " + id + " is paused in Temporal: its runs do not happen",
                now,
                "temporal schedule toggle --schedule-id " + id + " --unpause --reason \"resume "
                        + id.toLowerCase(Locale.ROOT) + "\""));
    }
}
