package dev.pgdrill.workflows.activities;

/**
 * A database pgdrill creates on {@code targetProfile}'s server and may later drop.
 *
 * @param owner written into the ownership marker ({@code COMMENT ON DATABASE}); teardown checks it
 */
public record SandboxRequest(String targetProfile, String database, String owner) {}
