package dev.pgdrill.workflows.drill;

/**
 * @param sourceProfile whose backups to drill (one of drill.databases)
 * @param backupId      a chosen backup, or empty to pick one in the window
 * @param latest        with no backupId: the newest backup in the window instead of a random one
 * @param settings      the configuration's drill settings as they were when the run started
 * @param targetTime    a pgBackRest profile only: recover to this ISO-8601 instant ({@code --type=time}) from the
 *                      newest set that ended before it, instead of to a set's end; empty (or absent) for that
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
        String targetTime,
        String drillId) {
    public DrillRequest {
        targetTime = targetTime == null ? "" : targetTime;
        drillId = drillId == null ? "" : drillId;
    }

    /** A drill of a backup as it was taken. */
    public DrillRequest(
            String sourceProfile, String backupId, boolean latest, String requestedBy, DrillSettings settings) {
        this(sourceProfile, backupId, latest, requestedBy, settings, "", "");
    }

    /** The id the drill is recorded under. */
    public String drillIdOr(String workflowId) {
        return drillId.isEmpty() ? workflowId : drillId;
    }
}
