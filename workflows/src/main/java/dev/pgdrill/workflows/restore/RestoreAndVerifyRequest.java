package dev.pgdrill.workflows.restore;

import dev.pgdrill.workflows.activities.BackupRef;

/**
 * @param purpose      {@code drill} or {@code staging}: part of the database name
 * @param keepDatabase keep the restored database after a PASS (staging, for people to test against);
 *                     after a FAIL it is always dropped
 * @param jobs         pg_restore parallel jobs
 * @param databaseName the database to create, or empty for {@code pgdrill_<purpose>_<8 hex>}
 * @param likeDatabase a database on the target server whose owner, encoding, locale, settings and grants the
 *                     restored one copies, restored with its objects' owners and privileges (an emergency
 *                     restore's side database, like production); empty (or absent in older histories) for a
 *                     plain restore owned by pgdrill's user
 */
public record RestoreAndVerifyRequest(
        BackupRef backup,
        String targetProfile,
        String purpose,
        boolean keepDatabase,
        int jobs,
        String databaseName,
        String likeDatabase) {
    /** A plain restore (drills, staging). */
    public RestoreAndVerifyRequest(
            BackupRef backup,
            String targetProfile,
            String purpose,
            boolean keepDatabase,
            int jobs,
            String databaseName) {
        this(backup, targetProfile, purpose, keepDatabase, jobs, databaseName, "");
    }

    /** The database to copy: "" for none. */
    public String like() {
        return likeDatabase == null ? "" : likeDatabase;
    }
}
