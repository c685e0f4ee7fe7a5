package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;

/**
 * @param check      the {@code restore} check: PASS, or FAIL with pg_restore's errors
 * @param durationMs the restore's wall time: the measured RTO of a drill
 * @param items      TOC items restored of {@code total}
 */
public record RestoreOutcome(CheckResult check, long durationMs, int items, int total) {}
