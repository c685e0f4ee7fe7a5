package dev.pgdrill.workflows.activities;

/**
 * A copy of a verified sandbox on the same server ({@code CREATE DATABASE … TEMPLATE}): the emergency restore's
 * side database made from the staging database when staging is on production's server.
 *
 * @param targetProfile the profile whose server holds both databases (production's)
 * @param source        the verified sandbox copied (the staging database)
 * @param sourceOwner   the owner in the source's marker: only a database of ours is copied
 * @param database      the copy
 * @param owner         written into the copy's ownership marker
 * @param likeDatabase  the database whose owner, connection limit, settings and grants the copy takes
 *                      (production)
 */
public record CopyRequest(
        String targetProfile, String source, String sourceOwner, String database, String owner, String likeDatabase) {}
