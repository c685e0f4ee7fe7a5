package dev.pgdrill.workflows.activities;

/**
 * A database pgdrill creates on {@code targetProfile}'s server and may later drop.
 *
 * @param owner        written into the ownership marker ({@code COMMENT ON DATABASE}); teardown checks it
 * @param likeDatabase a database on that server whose owner, encoding and locale the new one takes (production,
 *                     for a restore like it); "" (or absent in older histories) for a plain one
 */
public record SandboxRequest(String targetProfile, String database, String owner, String likeDatabase) {
    public SandboxRequest(String targetProfile, String database, String owner) {
        this(targetProfile, database, owner, "");
    }

    /** The database to create like: "" for none. */
    public String like() {
        return likeDatabase == null ? "" : likeDatabase;
    }
}
