package dev.pgdrill.workflows.activities;

/** {@code holder} (a workflow id) uses {@code backupId}; retention leaves it alone until released. */
public record HoldRequest(String backupId, String holder) {}
