package dev.pgdrill.workflows.activities;

public record FailBackupRequest(String backupId, String reason) {}
