package dev.pgdrill.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A drill as stored. Durations and checks stay JSON trees (their shape is DrillRecord's) so the CLI can
 * print drills recorded by an older or newer pgdrill without failing on a field it does not know.
 */
public record DrillRow(
        String drillId,
        String backupId,
        String sourceProfile,
        String targetProfile,
        String database,
        String verdict,
        Instant startedAt,
        Instant finishedAt,
        long restoreMs,
        JsonNode durations,
        JsonNode checks,
        String reportPath,
        String requestedBy) {}
