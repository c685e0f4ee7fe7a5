package dev.pgdrill.workflows.activities;

import java.time.Instant;

/** @param now the workflow's time, so retention decisions replay the same */
public record PruneRequest(String profile, int retentionDays, Instant now, String requestedBy) {}
