package dev.pgdrill.core.catalog;

import dev.pgdrill.workflows.emergency.Incident;
import java.time.Instant;

/** An incident record as stored, with where its report is and when it was (last) written. */
public record IncidentRow(Incident incident, String reportPath, Instant recordedAt) {}
