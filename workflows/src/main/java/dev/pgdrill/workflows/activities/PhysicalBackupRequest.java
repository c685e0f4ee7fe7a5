package dev.pgdrill.workflows.activities;

/**
 * {@code pgbackrest backup} of a profile's stanza, recorded in the catalog under a reserved backup id.
 *
 * @param backup the reserved catalog entry (profile and pgdrill's backup id)
 * @param kind   the catalog kind it was reserved as ({@code manual}, {@code scheduled})
 * @param type   pgBackRest's {@code --type}: full, diff or incr
 */
public record PhysicalBackupRequest(BackupRef backup, String kind, String type) {}
