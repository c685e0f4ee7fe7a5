package dev.pgdrill.workflows.activities;

import io.temporal.activity.ActivityInterface;

/** Databases pgdrill creates and drops: sandboxes for drills and staging restores. */
@ActivityInterface
public interface DatabaseActivities {
    /**
     * Creates the database with pgdrill's ownership marker. Idempotent: a database left by an earlier
     * attempt of the same owner is dropped and created fresh. Raises {@code OwnershipError} when a
     * database of that name exists without our marker (never touched), {@code DatabaseError} otherwise.
     */
    void createSandbox(SandboxRequest request);

    /**
     * Drops the database if it carries pgdrill's marker for this owner; a missing database is fine.
     * Refuses ({@code OwnershipError}, non-retryable) to drop anything else.
     */
    void dropSandbox(SandboxRequest request);
}
