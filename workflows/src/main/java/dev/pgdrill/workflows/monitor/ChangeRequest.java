package dev.pgdrill.workflows.monitor;

import java.time.Instant;

/**
 * @param run the monitor run making the change ({@code <workflow id>/<run id>}): a retry of the same run finds
 *            its own change made and goes on to notify it
 * @param at  the workflow's clock
 */
public record ChangeRequest(AlertChange change, String run, Instant at) {}
