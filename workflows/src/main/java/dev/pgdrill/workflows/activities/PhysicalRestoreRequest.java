package dev.pgdrill.workflows.activities;

/**
 * One physical backup set restored into one ephemeral cluster. Carries names only: the stanza, its
 * configuration file and the cluster's folder stay on the worker.
 *
 * @param profile the production profile whose {@code source} is a pgBackRest stanza
 * @param label   the pgBackRest set, e.g. {@code 20260117-030000F}
 * @param cluster the ephemeral cluster's name, unique per run ({@code [a-z0-9_]}, at most 40)
 * @param targetTime empty: the set's own end ({@code --type=immediate}); else an ISO-8601 instant to
 *                   recover to ({@code --type=time}, inclusive: a commit at exactly that time is kept)
 */
public record PhysicalRestoreRequest(String profile, String label, String cluster, String targetTime) {
    /** A restore to the set's own consistent end: drills and staging. */
    public static PhysicalRestoreRequest immediate(String profile, String label, String cluster) {
        return new PhysicalRestoreRequest(profile, label, cluster, "");
    }

    public boolean pointInTime() {
        return targetTime != null && !targetTime.isEmpty();
    }
}
