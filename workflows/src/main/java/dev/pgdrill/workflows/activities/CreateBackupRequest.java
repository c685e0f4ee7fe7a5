package dev.pgdrill.workflows.activities;

/**
 * Dump {@code profile} into the repository as {@code backupId}, with {@code jobs} parallel pg_dump jobs.
 *
 * @param kind {@code scheduled}, {@code manual} or {@code pre-restore}, recorded in the manifest
 */
public record CreateBackupRequest(String profile, String backupId, String kind, int jobs) {}
