package dev.pgdrill.workflows.activities;

/**
 * Verify the restored {@code database} on {@code targetProfile}'s server against {@code backup}'s manifest.
 *
 * @param likeDatabase a database on that server whose owners, grants, row-level security and settings the
 *                     restored one must equal (production, for a side database); "" (or absent in older
 *                     histories) for none
 */
public record VerifyRequest(BackupRef backup, String targetProfile, String database, String likeDatabase) {
    public VerifyRequest(BackupRef backup, String targetProfile, String database) {
        this(backup, targetProfile, database, "");
    }

    /** The database to compare owners and grants with: "" for none. */
    public String like() {
        return likeDatabase == null ? "" : likeDatabase;
    }
}
