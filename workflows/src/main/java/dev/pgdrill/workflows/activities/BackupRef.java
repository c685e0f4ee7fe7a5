package dev.pgdrill.workflows.activities;

/** A backup by profile and id; ids are looked up, never used as paths. */
public record BackupRef(String profile, String backupId) {}
