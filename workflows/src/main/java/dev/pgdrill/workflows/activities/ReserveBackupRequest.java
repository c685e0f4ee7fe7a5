package dev.pgdrill.workflows.activities;

import java.time.Instant;

/** @param workflowId makes the reservation idempotent: a retry gets the id it reserved before */
public record ReserveBackupRequest(String profile, String kind, Instant startedAt, String workflowId) {}
