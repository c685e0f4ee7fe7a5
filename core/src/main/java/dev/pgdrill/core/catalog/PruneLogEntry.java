package dev.pgdrill.core.catalog;

import java.time.Instant;

/**
 * One line of retention's prune log.
 *
 * @param action      what retention did ({@code REMOVED})
 * @param requestedBy the schedule or operator that asked for the prune
 */
public record PruneLogEntry(Instant at, String backupId, String action, String reason, String requestedBy) {}
