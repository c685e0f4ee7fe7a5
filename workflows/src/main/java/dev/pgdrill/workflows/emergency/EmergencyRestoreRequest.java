package dev.pgdrill.workflows.emergency;

import java.time.Instant;

/**
 * @param targetProfile the production profile to restore (its name, never its credentials)
 * @param incidentTime  backups taken at or after this are not candidates
 * @param maxAttempts   how many candidates (newest first) to try on staging before giving up
 * @param settings      the configuration's restore settings as they were when the run started
 * @param backupId      restore this backup (any COMPLETED backup of the target, a pre-restore snapshot
 *                      included), or empty to try the regular backups before the incident, newest first
 */
public record EmergencyRestoreRequest(
        String targetProfile,
        Instant incidentTime,
        String requestedBy,
        String reason,
        int maxAttempts,
        RestoreSettings settings,
        String backupId) {
    /** The newest regular backups before the incident, newest first. */
    public EmergencyRestoreRequest(
            String targetProfile,
            Instant incidentTime,
            String requestedBy,
            String reason,
            int maxAttempts,
            RestoreSettings settings) {
        this(targetProfile, incidentTime, requestedBy, reason, maxAttempts, settings, "");
    }
}
