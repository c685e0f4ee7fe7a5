package dev.pgdrill.workflows.activities;

/**
 * One provider-native restore of {@code profile}, asked once for the emergency restore {@code restoreId}.
 *
 * @param restoreId the run's own id: the key under which the request is recorded before it is sent
 */
public record ProviderRestoreCall(String profile, String restoreId, ProviderRestorePlan plan) {}
