package dev.pgdrill.workflows.source;

/**
 * @param profile     the production profile whose backups to list (its name, never its credentials)
 * @param requestedBy who asked, for the history
 */
public record ListBackupsRequest(String profile, String requestedBy) {}
