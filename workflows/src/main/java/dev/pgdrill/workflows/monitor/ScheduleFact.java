package dev.pgdrill.workflows.monitor;

import java.time.Instant;

/**
 * One pgdrill schedule as Temporal has it.
 *
 * @param nextRun {@link Instant#EPOCH} when Temporal lists none (missing, paused, or no more runs)
 */
public record ScheduleFact(String scheduleId, boolean exists, boolean paused, Instant nextRun) {}
