package dev.pgdrill.workflows.monitor;

import java.time.Instant;
import java.util.List;

/** What to read: the profiles and schedules to look at, as of {@code at} (the workflow's clock). */
public record FactsRequest(List<String> profiles, List<String> schedules, Instant at) {}
