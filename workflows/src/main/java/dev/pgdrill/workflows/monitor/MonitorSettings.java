package dev.pgdrill.workflows.monitor;

import java.time.Duration;
import java.util.List;

/**
 * What the monitor decides on, copied from the configuration's {@code monitor:} section when the run starts.
 *
 * @param profiles          the backed-up profiles to watch
 * @param schedules         the pgdrill schedule ids that must exist and run (backup, drill, monitor)
 * @param sizeChangePercent a newest backup further than this from the 7-day median is a warning; half of it an
 *                          info
 * @param minFreeBytes      the repository's free space below which it is critical; 0: not checked
 * @param renotifyAfter     how long an open alert stays quiet before a reminder
 */
public record MonitorSettings(
        List<String> profiles,
        List<String> schedules,
        Duration maxBackupAge,
        int sizeChangePercent,
        Duration maxDrillAge,
        long minFreeBytes,
        Duration renotifyAfter) {
    public MonitorSettings {
        profiles = List.copyOf(profiles);
        schedules = List.copyOf(schedules);
    }
}
