package dev.pgdrill.workflows.activities;

/**
 * Check production right after a switch, while applications use it.
 *
 * @param backup   the restored backup (its manifest: tables and constraints; row counts may only have grown)
 * @param profile  the production profile (its database is production's name)
 * @param setAside the old production's set-aside database: owners, grants and settings are compared with it
 * @param owner    the side restore's workflow id: the database under production's name must carry the
 *                 switch's marker for it, or it is not the database that was verified
 */
public record ProductionCheckRequest(BackupRef backup, String profile, String setAside, String owner) {}
