package dev.pgdrill.workflows.activities;

/**
 * Restore {@code backup} into {@code database} on {@code targetProfile}'s server. The database is (re)created
 * fresh with {@code owner}'s marker first, so a retry after a crash never restores onto half a restore.
 *
 * @param likeDatabase a database on that server to copy (owner, encoding, locale, settings, grants), the restore
 *                     keeping its objects' owners and privileges; "" for a plain restore owned by pgdrill's user
 */
public record RestoreBackupRequest(
        BackupRef backup, String targetProfile, String database, int jobs, String owner, String likeDatabase) {
    public RestoreBackupRequest(BackupRef backup, String targetProfile, String database, int jobs, String owner) {
        this(backup, targetProfile, database, jobs, owner, "");
    }

    /** The database to copy: "" for none. */
    public String like() {
        return likeDatabase == null ? "" : likeDatabase;
    }
}
