package dev.pgdrill.workflows.activities;

/** Verify the restored {@code database} on {@code targetProfile}'s server against {@code backup}'s manifest. */
public record VerifyRequest(BackupRef backup, String targetProfile, String database) {}
