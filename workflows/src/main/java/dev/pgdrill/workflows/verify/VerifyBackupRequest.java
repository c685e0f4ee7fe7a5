package dev.pgdrill.workflows.verify;

import dev.pgdrill.workflows.activities.BackupRef;
import dev.pgdrill.workflows.activities.ExternalBackup;
import dev.pgdrill.workflows.drill.DrillSettings;

/**
 * An ad-hoc verification of one backup: restored into a sandbox on the drill's target, verified, dropped.
 *
 * @param backup   a backup in the catalog; ignored when {@code external} is present
 * @param settings the configuration's drill settings (target, jobs) as they were when the run started
 * @param external a backup pgdrill did not make, taken in for this run, or {@link ExternalBackup#none()}
 */
public record VerifyBackupRequest(
        BackupRef backup, String requestedBy, DrillSettings settings, ExternalBackup external) {}
