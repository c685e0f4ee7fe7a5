package dev.pgdrill.workflows.verify;

import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.drill.DrillSettings;

/**
 * An ad-hoc verification of one backup: restored into a sandbox on the drill's target, verified, dropped.
 *
 * @param settings the configuration's drill settings (target, jobs) as they were when the run started
 */
public record VerifyBackupRequest(BackupRef backup, String requestedBy, DrillSettings settings) {}
