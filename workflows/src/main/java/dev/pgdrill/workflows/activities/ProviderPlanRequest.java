package dev.pgdrill.workflows.activities;

import java.time.Instant;

/**
 * Where a provider-native restore of {@code profile} should land.
 *
 * @param profile      the production profile (its name, never its credentials)
 * @param incidentTime the point in time to restore to
 */
public record ProviderPlanRequest(String profile, Instant incidentTime) {}
