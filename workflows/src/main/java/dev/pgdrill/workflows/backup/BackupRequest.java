package dev.pgdrill.workflows.backup;

/**
 * Back up one database profile.
 *
 * @param profile     the database profile's name (never its credentials)
 * @param kind        {@code scheduled}, {@code manual} or {@code pre-restore}
 * @param requestedBy who asked: {@code schedule} or an operator's name
 * @param settings    the configuration's backup settings as they were when the run started
 * @param database    another database on the profile's server to dump (an emergency restore's set-aside
 *                    production), recorded as the profile's; empty (or absent, in older histories) for the
 *                    profile's own
 * @param drillAfter  whether to drill the new backup right after it (absent in older histories: no)
 */
public record BackupRequest(
        String profile,
        String kind,
        String requestedBy,
        BackupSettings settings,
        String database,
        DrillAfter drillAfter) {
    /** The kind of the snapshot an emergency restore takes of production before replacing it. */
    public static final String PRE_RESTORE = "pre-restore";

    /** The profile's own database. */
    public BackupRequest(String profile, String kind, String requestedBy, BackupSettings settings) {
        this(profile, kind, requestedBy, settings, "", DrillAfter.NONE);
    }

    /** Another database on the profile's server, no drill after. */
    public BackupRequest(String profile, String kind, String requestedBy, BackupSettings settings, String database) {
        this(profile, kind, requestedBy, settings, database, DrillAfter.NONE);
    }

    /** The database to dump on the profile's server: "" for the profile's own. */
    public String databaseOrProfiles() {
        return database == null ? "" : database;
    }
}
