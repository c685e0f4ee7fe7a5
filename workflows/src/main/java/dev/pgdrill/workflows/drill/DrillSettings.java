package dev.pgdrill.workflows.drill;

import dev.pgdrill.workflows.notify.AlertRouting;

/**
 * What a drill decides on, copied from the configuration when the run starts.
 *
 * @param targetProfile the sandbox server's profile (drill.target)
 * @param windowDays    how far back a random backup is picked (drill.windowDays)
 * @param jobs          pg_restore parallel jobs
 * @param alerts        where a FAIL is told (absent in runs started before notifications: none)
 * @param sourceKind    the drilled profile's backup source ({@code databases.<name>.source.kind}): {@code
 *                      pgdump} restores a pg_dump backup into a sandbox database, {@code pgbackrest} a
 *                      physical set into an ephemeral cluster (absent in runs started before sources: pgdump)
 */
public record DrillSettings(String targetProfile, int windowDays, int jobs, AlertRouting alerts, String sourceKind) {
    public static final String PGDUMP = "pgdump";
    public static final String PGBACKREST = "pgbackrest";

    public DrillSettings {
        alerts = AlertRouting.orNone(alerts);
        sourceKind = sourceKind == null || sourceKind.isEmpty() ? PGDUMP : sourceKind;
    }

    /** A drill of pgdrill's own pg_dump backups. */
    public DrillSettings(String targetProfile, int windowDays, int jobs, AlertRouting alerts) {
        this(targetProfile, windowDays, jobs, alerts, PGDUMP);
    }

    /** Whether the drill restores a physical set into an ephemeral cluster. */
    public boolean physical() {
        return PGBACKREST.equals(sourceKind);
    }

    /** Without notifications. */
    public DrillSettings(String targetProfile, int windowDays, int jobs) {
        this(targetProfile, windowDays, jobs, AlertRouting.NONE, PGDUMP);
    }
}
