package dev.pgdrill.workflows.activities;

/**
 * One production switch, named in full so that every attempt of every step (switch, commit, switch back)
 * recognises the same databases on the server: all planned when the run started.
 *
 * @param profile       the production profile (its database is production's name)
 * @param side          the verified replacement, built next to production
 * @param preRestore    the name production's current database gets, kept
 * @param failedRestore where the replacement goes when the switch is undone, kept
 * @param owner         the side restore's workflow id: the side database carries its marker, and every marker
 *                      the switch writes names it
 */
public record SwitchRequest(String profile, String side, String preRestore, String failedRestore, String owner) {}
