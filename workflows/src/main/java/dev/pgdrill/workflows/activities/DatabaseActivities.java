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
     * Creates {@code database} as a block-for-block copy of the sandbox {@code source} (which must carry our
     * marker for {@code sourceOwner}), with our marker, {@code likeDatabase}'s owner, and after the copy its
     * connection limit, settings and grants. Idempotent: a copy an earlier attempt left is replaced. Returns
     * "" when copied; else, having created nothing, why not (the caller restores instead): {@code source} has
     * other sessions (PostgreSQL copies only a database nobody uses), or the role may not copy it (neither
     * superuser nor its owner). Raises {@code OwnershipError} when the source is not ours or the name is
     * taken by a database not ours, {@code DatabaseError} otherwise.
     */
    String copySandbox(CopyRequest request);

    /**
     * Moves the production switch forward, from wherever the server's markers say it stands, until the
     * verified side database holds production's name and takes connections, the old production set aside
     * under {@code preRestore} (kept, open for its dump). Never drops anything. A failing statement puts
     * production back as it was (open) before the failure is raised; a retry after a crash carries on from
     * the server's state. Heartbeats after every statement. Returns {@code SWITCHED} ({@code COMMITTED} if it
     * was committed already). Raises {@code OwnershipError} when the side database is missing or not this
     * restore's, {@code SwitchStateError} when the server shows another switch, {@code DatabaseError}.
     */
    SwitchState switchProduction(SwitchRequest request);

    /**
     * Commits a verified switch: the set-aside database becomes the kept pre-restore database, production
     * gets its own comment back, and {@link #switchBack} refuses from then on. Idempotent. Raises
     * {@code SwitchStateError} when there is no switch to commit.
     */
    SwitchState commitSwitch(SwitchRequest request);

    /**
     * Undoes an uncommitted switch from whatever state it stands in: the replacement set aside as
     * {@code failedRestore} (kept), production's own database back under its name, open, with its own
     * comment. Idempotent; {@code PREPARED} when nothing had moved. Raises {@code SwitchStateError} after
     * a commit.
     */
    SwitchState switchBack(SwitchRequest request);

    /**
     * The database name a profile points at (not a secret: workflows need it to name side databases). The
     * emergency restore's first call: a profile the switch protocol cannot serve (a Supabase project, restored
     * only through its provider) is refused here with a {@code ConfigurationError}, before anything is touched.
     */
    String databaseOf(String profile);
}
