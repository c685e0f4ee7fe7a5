package dev.pgdrill.workflows.activities;

/** Restore {@code backup} into the (already created) database {@code database} on {@code targetProfile}'s server. */
public record RestoreBackupRequest(BackupRef backup, String targetProfile, String database, int jobs) {}
