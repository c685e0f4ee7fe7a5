package dev.pgdrill.workflows.backup;

/**
 * Back up one database profile.
 *
 * @param profile     the database profile's name (never its credentials)
 * @param kind        {@code scheduled}, {@code manual} or {@code pre-restore}
 * @param requestedBy who asked: {@code schedule} or an operator's name
 * @param settings    the configuration's backup settings as they were when the run started
 */
public record BackupRequest(String profile, String kind, String requestedBy, BackupSettings settings) {
    /** The kind of the snapshot an emergency restore takes of production before replacing it. */
    public static final String PRE_RESTORE = "pre-restore";
}
