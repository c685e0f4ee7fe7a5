package dev.pgdrill.workflows.restore;

import dev.pgdrill.workflows.activities.BackupRef;

/**
 * @param purpose      {@code drill} or {@code staging}: part of the database name
 * @param keepDatabase keep the restored database after a PASS (staging, for people to test against);
 *                     after a FAIL it is always dropped
 * @param jobs         pg_restore parallel jobs
 * @param databaseName the database to create, or empty for {@code pgdrill_<purpose>_<8 hex>}
 */
public record RestoreAndVerifyRequest(
        BackupRef backup, String targetProfile, String purpose, boolean keepDatabase, int jobs, String databaseName) {}
