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

    /**
     * Renames production aside to {@code preRestore} (blocking new connections and ending sessions first)
     * and the verified replacement into its name; undoes the first rename if the second fails. Never
     * drops anything. Idempotent. Raises {@code OwnershipError} when the replacement is not this restore's.
     */
    void switchProduction(SwitchRequest request);

    /** Undoes a switch; idempotent; a no-op when nothing was switched. */
    void switchBack(SwitchBackRequest request);

    /** The database name a profile points at (not a secret: workflows need it to name side databases). */
    String databaseOf(String profile);
}
