package dev.pgdrill.workflows.activities;

import java.time.Instant;

/** COMPLETED backups of {@code profile} started in [{@code from}, {@code to}). */
public record CandidatesRequest(String profile, Instant from, Instant to) {}
