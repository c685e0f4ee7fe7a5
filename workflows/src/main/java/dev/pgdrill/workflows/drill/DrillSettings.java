package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.notify.AlertRouting;

/**
 * What a drill decides on, copied from the configuration when the run starts.
 *
 * @param targetProfile the sandbox server's profile (drill.target)
 * @param windowDays    how far back a random backup is picked (drill.windowDays)
 * @param jobs          pg_restore parallel jobs
 * @param alerts        where a FAIL is told (absent in runs started before notifications: none)
 */
public record DrillSettings(String targetProfile, int windowDays, int jobs, AlertRouting alerts) {
    public DrillSettings {
        alerts = AlertRouting.orNone(alerts);
    }

    /** Without notifications. */
    public DrillSettings(String targetProfile, int windowDays, int jobs) {
        this(targetProfile, windowDays, jobs, AlertRouting.NONE);
    }
}
