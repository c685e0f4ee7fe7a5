package dev.pgdrill.workflows.drill;

/**
 * What a drill decides on, copied from the configuration when the run starts.
 *
 * @param targetProfile the sandbox server's profile (drill.target)
 * @param windowDays    how far back a random backup is picked (drill.windowDays)
 * @param jobs          pg_restore parallel jobs
 */
public record DrillSettings(String targetProfile, int windowDays, int jobs) {}
