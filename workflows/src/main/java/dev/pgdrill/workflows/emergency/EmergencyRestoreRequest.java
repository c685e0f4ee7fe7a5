package dev.pgdrill.workflows.emergency;

import java.time.Instant;

/**
 * @param targetProfile the production profile to restore (its name, never its credentials)
 * @param incidentTime  backups taken at or after this are not candidates
 * @param maxAttempts   how many candidates (newest first) to try on staging before giving up
 * @param settings      the configuration's restore settings as they were when the run started
 */
public record EmergencyRestoreRequest(
        String targetProfile,
        Instant incidentTime,
        String requestedBy,
        String reason,
        int maxAttempts,
        RestoreSettings settings) {}
