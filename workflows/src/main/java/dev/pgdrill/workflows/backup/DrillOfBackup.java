package dev.pgdrill.workflows.backup;

/**
 * The drill a backup started of itself ({@code drill.afterEveryBackup}), as its result reports it.
 *
 * @param workflowId the drill's workflow id (one per database: {@code drill-<profile>-after-backup})
 * @param drillId    the id it is recorded under ({@code drill-<profile>-<backupId>})
 * @param status     NONE (not asked for), STARTED (left running), NOT_STARTED (a drill of this database was still
 *                   running), PASS or FAIL (when the backup waited for it, as in a fleet run), FAILED (it crashed)
 * @param detail     why it was not started, or what failed
 */
public record DrillOfBackup(String workflowId, String drillId, String status, String detail) {
    public static final DrillOfBackup NONE = new DrillOfBackup("", "", "NONE", "");

    /** Whether the drill ran or runs: a backup is not failed by its drill, but a fleet counts a FAIL. */
    public boolean failed() {
        return status.equals("FAIL") || status.equals("FAILED");
    }
}
