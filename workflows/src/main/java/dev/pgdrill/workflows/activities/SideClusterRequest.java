package dev.pgdrill.workflows.activities;

/**
 * One side cluster of an emergency restore of a pgBackRest profile, and the switch that puts it in production's
 * place. Carries names only: production's data directory and port stay in the worker's configuration.
 *
 * @param profile    the production profile ({@code source.kind: pgbackrest} with {@code source.dataDirectory})
 * @param label      the pgBackRest set restored
 * @param side       this run's side cluster: 8 lowercase hex digits, the folder {@code <data dir>.pgdrill-<side>}
 * @param targetTime the incident time, ISO-8601 ({@code --type=time --target}, inclusive)
 * @param stamp      the run's UTC stamp ({@code 20260117T093000Z}): the old data directory is kept as
 *                   {@code <data dir>.pre_restore_<stamp>}, a replacement that failed as
 *                   {@code <data dir>.failed_restore_<stamp>}
 * @param restoreId  the run's restore id, written into the side cluster's state file (who made it)
 */
public record SideClusterRequest(
        String profile, String label, String side, String targetTime, String stamp, String restoreId) {
    /** The same side cluster with another set in it (an older candidate after a failure). */
    public SideClusterRequest withLabel(String other) {
        return new SideClusterRequest(profile, other, side, targetTime, stamp, restoreId);
    }

    /** The request pgBackRest's repository checks take (the set, to the incident time). */
    public PhysicalRestoreRequest physical() {
        return new PhysicalRestoreRequest(profile, label, "side_" + side, targetTime);
    }
}
