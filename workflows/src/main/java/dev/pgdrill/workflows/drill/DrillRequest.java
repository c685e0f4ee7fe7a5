package dev.pgdrill.workflows.drill;

/**
 * @param sourceProfile whose backups to drill (one of drill.databases)
 * @param backupId      a chosen backup, or empty to pick one in the window
 * @param latest        with no backupId: the newest backup in the window instead of a random one
 * @param settings      the configuration's drill settings as they were when the run started
 * @param drillId       the drill's id in the catalog and reports; empty (or absent, in older histories): the
 *                      workflow id. A drill after a backup runs under one workflow id per database (so two never
 *                      run at once) and is recorded as {@code drill-<profile>-<backupId>}
 */
public record DrillRequest(
        String sourceProfile,
        String backupId,
        boolean latest,
        String requestedBy,
        DrillSettings settings,
        String drillId) {
    public DrillRequest(
            String sourceProfile, String backupId, boolean latest, String requestedBy, DrillSettings settings) {
        this(sourceProfile, backupId, latest, requestedBy, settings, "");
    }

    /** The id the drill is recorded under. */
    public String drillIdOr(String workflowId) {
        return drillId == null || drillId.isEmpty() ? workflowId : drillId;
    }
}
