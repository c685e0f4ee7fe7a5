package dev.pgdrill.workflows.monitor;

import java.time.Instant;
import java.util.List;

/**
 * The JSON contract of {@code pgdrill monitor run --wait --json}.
 *
 * @param findings what holds now, worst first
 * @param changes  the alerts this run opened, reminded of, escalated or resolved
 */
public record MonitorResult(Instant at, List<Finding> findings, List<AlertOutcome> changes) {}
