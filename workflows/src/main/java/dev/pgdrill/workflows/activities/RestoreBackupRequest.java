package dev.pgdrill.workflows.activities;

/**
 * Restore {@code backup} into {@code database} on {@code targetProfile}'s server. The database is (re)created
 * fresh with {@code owner}'s marker first, so a retry after a crash never restores onto half a restore.
 */
public record RestoreBackupRequest(BackupRef backup, String targetProfile, String database, int jobs, String owner) {}
