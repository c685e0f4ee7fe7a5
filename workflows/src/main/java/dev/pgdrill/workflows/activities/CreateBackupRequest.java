package dev.pgdrill.workflows.activities;

/**
 * Dump {@code profile} into the repository as {@code backupId}, with {@code jobs} parallel pg_dump jobs.
 *
 * @param kind     {@code scheduled}, {@code manual} or {@code pre-restore}, recorded in the manifest
 * @param database another database on the profile's server to dump instead of its own (an emergency
 *                 restore's set-aside production); empty for the profile's own
 */
public record CreateBackupRequest(String profile, String backupId, String kind, int jobs, String database) {
    public CreateBackupRequest(String profile, String backupId, String kind, int jobs) {
        this(profile, backupId, kind, jobs, "");
    }
}
