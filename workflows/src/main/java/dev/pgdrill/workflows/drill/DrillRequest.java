package dev.pgdrill.workflows.drill;

/**
 * @param sourceProfile whose backups to drill (backup.database)
 * @param backupId      a chosen backup, or empty to pick one in the window
 * @param latest        with no backupId: the newest backup in the window instead of a random one
 * @param settings      the configuration's drill settings as they were when the run started
 */
public record DrillRequest(
        String sourceProfile, String backupId, boolean latest, String requestedBy, DrillSettings settings) {}
