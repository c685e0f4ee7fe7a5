package dev.pgdrill.workflows.backup;

import dev.pgdrill.workflows.drill.DrillSettings;

/**
 * Whether a backup drills itself once it is recorded ({@code drill.afterEveryBackup}).
 *
 * @param enabled  start a drill of the new backup
 * @param await    wait for its verdict (a fleet run does, so its bound on concurrent work covers the drill);
 *                 otherwise the drill is left running (ParentClosePolicy ABANDON) and the backup completes
 * @param settings the drill's settings as they were when the backup started
 */
public record DrillAfter(boolean enabled, boolean await, DrillSettings settings) {
    public static final DrillAfter NONE = new DrillAfter(false, false, new DrillSettings("", 1, 1));

    /** Absent in histories recorded before drills after backups existed: none. */
    public static DrillAfter orNone(DrillAfter d) {
        return d == null ? NONE : d;
    }
}
