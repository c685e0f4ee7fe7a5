package dev.pgdrill.workflows.activities;

/**
 * Put {@code replacement} in place of {@code profile}'s database; the current one becomes {@code preRestore}.
 *
 * @param owner the restore's workflow id: the replacement must carry its marker
 */
public record SwitchRequest(String profile, String replacement, String preRestore, String owner) {}
